"""Diagnostic (BENCHMARKS.md, ninth session): mention reader variants (generate/mention_reader.py)
trained on the same captions (the shipped recipe's, encoded once into CACHE, an .npz), scored on the
captions of val shapes and on 28 paraphrased development prompts (DEV below, written for this
choice and used for nothing else; a prompt counts when every attribute it speaks of is found and
nothing else that the prompt check could enforce). Variants: attn (one attention query per
attribute over the tokens), max (each token scored, an attribute's best token), max_noise (max
trained with Gaussian noise 0.1 on the token embeddings: the shipped form), max_noise@S (noise S).
Run from the
repository root:
    python tests/bench/diagnostics/mention_variants.py CACHE.npz [VARIANT ...]"""
import os, sys, time, numpy as np, torch
sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", ".."))
torch.set_num_threads(2)
from engine.train.mentions import mention_examples, mention_metrics, _encode
from engine.generate.mention_reader import MentionReader, MentionConfig
from engine.generate.prompt_reader import ATTRIBUTES
from engine.generate.text import TextEncoder
from engine.generate.prompt_check import CHECKED
CHECKED = set(CHECKED) | {"shape"}
DEV = [("a stool with a trio of legs underneath", {"legs"}), ("a four-footed stool", {"legs"}),
       ("a chair lacking any armrest", {"arms"}), ("a chair you can rest your arms on", {"arms"}),
       ("an office chair with no casters", {"wheels"}), ("an office chair that rolls around", {"wheels"}),
       ("an office chair with a support for the neck", {"headrest"}), ("an office chair without head support", {"headrest"}),
       ("a table with a circular top", {"shape"}), ("a table with a square top", {"shape"}),
       ("a bed without a headboard at all", {"headboard"}), ("a bed with a board at its foot", {"footboard"}),
       ("a bookcase that has four shelves in it", {"shelves"}), ("a shelf unit with two shelves", {"shelves"}),
       ("a cabinet behind two doors", {"doors"}), ("a cabinet with just one door", {"doors"}),
       ("a vase with handles on both sides", {"handles"}), ("a vase that has no handles at all", {"handles"}),
       ("a mug sitting on a saucer", {"saucer"}), ("a mug without a saucer under it", {"saucer"}),
       ("a desk with three drawers", {"drawers"}), ("a sofa", set()), ("a lamp", set()), ("a big wooden table", set()),
       ("an office chair", set()), ("a bed", set()), ("a simple stool", set()), ("a chair without wheels", {"wheels"})]
cache = sys.argv[1]
if not os.path.exists(cache):
    enc = TextEncoder("cpu")
    c, t = mention_examples("train", 3000, 4, 0); vc, vt = mention_examples("val", 300, 4, 1)
    tok, m = _encode(enc, c); vtok, vm = _encode(enc, vc)
    np.savez(cache, tok=tok.numpy(), m=m.numpy(), t=t, vtok=vtok.numpy(), vm=vm.numpy(), vt=vt)
with np.load(cache, allow_pickle=False) as z:
    d = {k: torch.from_numpy(z[k]) for k in ("tok", "m", "t", "vtok", "vm")} | {"vt": z["vt"]}
enc = TextEncoder("cpu")
dtok, dm, _ = enc.encode([p for p, _ in DEV])

class MaxReader(torch.nn.Module):
    def __init__(self, w=64, context=False):
        super().__init__()
        self.f = torch.nn.Sequential(torch.nn.Linear(384, w), torch.nn.GELU(), torch.nn.Linear(w, len(ATTRIBUTES)))
        self.bias = torch.nn.Parameter(torch.zeros(len(ATTRIBUTES)))
    def forward(self, tokens, mask):
        z = self.f(tokens).masked_fill(~mask[..., None], -1e4)
        return z.max(1).values + self.bias

def dev_score(model):
    with torch.no_grad(): said = model(dtok, dm).sigmoid().numpy() >= 0.5
    right = 0; rows = []
    for (p, want), s in zip(DEV, said):
        got = {ATTRIBUTES[j] for j in np.nonzero(s)[0]}
        ok = want <= got and not (got - want) & CHECKED
        right += ok; rows.append((ok, p, sorted(got)))
    return right, rows

def train(model, steps=1500, lr=2e-3, drop=0.0, seed=0):
    torch.manual_seed(seed); g = torch.Generator().manual_seed(seed)
    opt = torch.optim.AdamW(model.parameters(), lr=lr, weight_decay=0.01)
    tok, m, t = d["tok"], d["m"], d["t"]
    for step in range(steps):
        for pg in opt.param_groups: pg["lr"] = lr * min(1, (step + 1) / 100) * 0.5 * (1 + np.cos(np.pi * step / steps))
        idx = torch.randint(0, len(tok), (256,), generator=g)
        x = tok[idx].float()
        if drop: x = x + drop * torch.randn(x.shape, generator=g)
        loss = torch.nn.functional.binary_cross_entropy_with_logits(model(x, m[idx]), t[idx])
        opt.zero_grad(); loss.backward(); opt.step()
    model.eval()
    return model

variants = sys.argv[2:] or ["attn", "max", "max_noise"]
for v in variants:
    t0 = time.time()
    if v == "attn": model = train(MentionReader(MentionConfig()))
    elif v == "max": model = train(MaxReader())
    elif v == "max_noise": model = train(MaxReader(), drop=0.1)
    elif v.startswith("max_noise@"): model = train(MaxReader(), drop=float(v[10:]))
    elif v == "attn_noise": model = train(MentionReader(MentionConfig()), drop=0.1)
    elif v == "max_w128": model = train(MaxReader(128))
    met = mention_metrics(model, d["vtok"], d["vm"], d["vt"])
    r, rows = dev_score(model)
    print(v, met, f"dev {r}/{len(DEV)}", f"{time.time()-t0:.0f}s", flush=True)
    for ok, p, got in rows:
        if not ok: print("   miss", p, got)
