"""The prompt reader: its targets, its loss, empty prompts, and how it conditions the denoiser."""

import torch

from engine.data.shapes import shape_for_index
from engine.generate.part_slot_net import NetConfig, PartSlotDenoiser
from engine.generate.prompt_reader import (ATTRIBUTE_VALUES, ATTRIBUTES, CATEGORIES, IGNORE, PromptReader,
                                           ReaderConfig, features_from_targets, reader_loss, reader_targets)


def test_targets_name_the_shapes_own_attribute_values_and_ignore_the_rest():
    shape = shape_for_index("train", 0)
    category, values = reader_targets(shape.category, shape.attributes)
    assert CATEGORIES[category] == shape.category
    for key, value in zip(ATTRIBUTES, values):
        if key in shape.attributes and shape.attributes[key] in ATTRIBUTE_VALUES[key]:
            assert ATTRIBUTE_VALUES[key][value] == shape.attributes[key]
        else:
            assert value == IGNORE
    assert IGNORE in values and any(v != IGNORE for v in values)


def test_features_from_targets_are_what_a_perfect_reader_gives():
    torch.manual_seed(2)
    reader = PromptReader(ReaderConfig(width=16, depth=1, heads=2, slots=4, dropout=0.0)).eval()
    read = reader.features(torch.randn(2, 5, 384), torch.ones(2, 5, dtype=torch.bool))
    attrs = torch.full((2, len(ATTRIBUTES)), IGNORE)
    legs = ATTRIBUTES.index("legs")
    attrs[0, legs] = 1
    targets = {"category": torch.tensor([4, 0]), "attributes": attrs, "slots": torch.tensor([[1, 0, 0, 1], [0, 1, 1, 1]])}
    truth = features_from_targets(read, targets)
    n = len(CATEGORIES)
    assert torch.equal(truth[:, :n], torch.nn.functional.one_hot(targets["category"], n).float())
    start = n + sum(len(ATTRIBUTE_VALUES[k]) for k in ATTRIBUTES[:legs])
    block = slice(start, start + len(ATTRIBUTE_VALUES["legs"]))
    assert truth[0, block].tolist() == [float(v == 1) for v in range(len(ATTRIBUTE_VALUES["legs"]))]
    assert torch.equal(truth[1, block], read[1, block])            # the shape has no legs value: as read
    others = torch.ones(truth.shape[1], dtype=torch.bool)
    others[:n], others[block], others[-4:] = False, False, False
    assert torch.equal(truth[:, others], read[:, others])          # every attribute without a target: as read
    assert torch.equal(truth[:, -4:], targets["slots"].float())
    assert not torch.equal(read, features_from_targets(read, targets)) and read.shape == truth.shape


def test_the_loss_is_the_sum_of_the_heads_and_a_head_without_targets_adds_zero():
    torch.manual_seed(0)
    reader = PromptReader(ReaderConfig(width=16, depth=1, heads=2, slots=4, dropout=0.0)).eval()
    tokens, mask = torch.randn(3, 5, 384), torch.ones(3, 5, dtype=torch.bool)
    out = reader(tokens, mask)
    attrs = torch.full((3, len(ATTRIBUTES)), IGNORE)
    legs = ATTRIBUTES.index("legs")
    attrs[:2, legs] = torch.tensor([0, 1])
    targets = {"category": torch.tensor([0, 1, 2]), "attributes": attrs, "slots": torch.tensor([[1, 0, 1, 0]] * 3)}
    naive = (torch.nn.functional.cross_entropy(out["category"], targets["category"])
             + torch.nn.functional.cross_entropy(out["attributes"][legs][:2], attrs[:2, legs])
             + torch.nn.functional.binary_cross_entropy_with_logits(out["slots"], targets["slots"].float()))
    loss = reader_loss(out, targets)
    assert torch.isfinite(loss) and torch.allclose(loss, naive, atol=1e-6)
    slots = torch.nn.functional.binary_cross_entropy_with_logits(out["slots"], targets["slots"].float())
    assert torch.allclose(reader_loss(out, targets, slot_weight=3.0), naive + 2 * slots, atol=1e-6)
    loss.backward()   # every head is in the graph (DistributedDataParallel needs that)
    assert all(p.grad is not None for p in reader.parameters())


def test_a_few_steps_teach_a_reader_to_tell_two_prompts_apart():
    torch.manual_seed(1)
    reader = PromptReader(ReaderConfig(width=32, depth=1, heads=2, slots=4, dropout=0.0))
    tokens, mask = torch.randn(2, 6, 384), torch.ones(2, 6, dtype=torch.bool)
    attrs = torch.full((2, len(ATTRIBUTES)), IGNORE)
    attrs[:, ATTRIBUTES.index("arms")] = torch.tensor([0, 1])
    targets = {"category": torch.tensor([3, 5]), "attributes": attrs, "slots": torch.tensor([[1, 1, 0, 0], [1, 0, 0, 0]])}
    opt = torch.optim.Adam(reader.parameters(), lr=3e-3)
    first = reader_loss(reader(tokens, mask), targets).item()
    for _ in range(60):
        loss = reader_loss(reader(tokens, mask), targets)
        opt.zero_grad()
        loss.backward()
        opt.step()
    assert loss.item() < 0.1 * first
    features = reader.eval().features(tokens, mask)
    assert features.shape == (2, reader.feature_dim)
    assert features[0, 3] > 0.9 and features[1, 5] > 0.9                 # categories
    odds = features[:, -4:]
    assert (odds[0] > 0.5).tolist() == [True, True, False, False] and (odds[1] > 0.5).tolist() == [True, False, False, False]


def test_an_empty_prompt_reads_as_finite_odds():
    reader = PromptReader(ReaderConfig(width=16, depth=1, heads=2, slots=4)).eval()
    features = reader.features(torch.zeros(2, 5, 384), torch.zeros(2, 5, dtype=torch.bool))
    assert torch.isfinite(features).all()


def test_with_a_reader_guidance_zero_is_still_the_unconditional_prediction_and_the_reading_matters():
    torch.manual_seed(2)
    net = PartSlotDenoiser(NetConfig(slot_dim=35, width=32, depth=2, heads=2, slots=6, reader_width=16)).eval()
    for p in net.slot_out.parameters():
        torch.nn.init.normal_(p, std=0.1)
    x, t = torch.randn(2, 6, 35), torch.tensor([10, 500])
    tokens, mask = torch.randn(2, 4, 384), torch.ones(2, 4, dtype=torch.bool)
    with torch.no_grad():
        read = net.read(tokens, mask)
        unconditional = net(x, t, torch.zeros_like(tokens), torch.zeros_like(mask))
        assert torch.allclose(net.guided(x, t, tokens, mask, 0.0, read), unconditional, atol=1e-6)
        assert torch.allclose(net.guided(x, t, tokens, mask, 1.0, read), net(x, t, tokens, mask), atol=1e-6)
        # The same tokens with another reading give another prediction: the reading is used.
        other = read.clone()
        other[:, -6:] = 1 - other[:, -6:]
        assert not torch.allclose(net(x, t, tokens, mask, other), net(x, t, tokens, mask, read), atol=1e-4)
        # Guided away from another prompt and reading instead of the empty prompt (style guidance).
        away_tokens = torch.randn(2, 4, 384)
        away = net(x, t, away_tokens, mask, other)
        conditional = net(x, t, tokens, mask, read)
        w = 2.5
        guided = net.guided(x, t, tokens, mask, w, read, other=(away_tokens, mask, other))
        assert torch.allclose(guided, away + w * (conditional - away), atol=1e-5)
        assert torch.allclose(net.guided(x, t, tokens, mask, 0.0, read, other=(away_tokens, mask, other)), away,
                              atol=1e-6)
        assert not torch.allclose(away, unconditional, atol=1e-4)


def test_each_slot_is_told_the_label_it_holds_under_the_read_category():
    from engine.data.shapes.labels import LABELS
    from engine.generate.part_slot_net import layout_table
    from engine.generate.slots import SLOT_LAYOUT

    table = layout_table(24)
    cabinet = table[CATEGORIES.index("cabinet")]
    door = LABELS.index("door") + 1
    expected = [LABELS.index(label) + 1 for label, count in SLOT_LAYOUT["cabinet"] for _ in range(count)]
    assert cabinet.tolist() == (expected + [0] * 24)[:24] and cabinet[10] == cabinet[11] == door
    assert table[CATEGORIES.index("mug")].tolist() == [LABELS.index(x) + 1 for x in ("body", "vessel_handle", "saucer")] + [0] * 21

    torch.manual_seed(3)
    net = PartSlotDenoiser(NetConfig(slot_dim=35, width=32, depth=2, heads=2, slots=24, reader_width=16,
                                     slot_labels=True)).eval()
    read = torch.rand(2, net.reader.feature_dim)
    read[:, :len(CATEGORIES)] = 0
    read[0, CATEGORIES.index("cabinet")] = 1.0
    read[1, CATEGORIES.index("cabinet")] = read[1, CATEGORIES.index("mug")] = 0.5
    with torch.no_grad():
        got = net._slot_label_embedding(read, 24)
        # A sure category: its layout's label embeddings; the two door slots alike, the plinth not.
        assert torch.allclose(got[0], net.slot_label(cabinet))
        assert torch.equal(got[0, 10], got[0, 11]) and not torch.allclose(got[0, 0], got[0, 10])
        # Two categories at 0.5: the mean of their labels' embeddings, slot by slot.
        mug = table[CATEGORIES.index("mug")]
        assert torch.allclose(got[1], 0.5 * (net.slot_label(cabinet) + net.slot_label(mug)), atol=1e-6)
        # It reaches the prediction with a prompt, and guidance 0 still ignores it.
        x, t = torch.randn(2, 24, 35), torch.tensor([10, 500])
        tokens, mask = torch.randn(2, 4, 384), torch.ones(2, 4, dtype=torch.bool)
        for p in net.slot_out.parameters():
            torch.nn.init.normal_(p, std=0.1)
        unconditional = net(x, t, torch.zeros_like(tokens), torch.zeros_like(mask), read)
        assert torch.allclose(net.guided(x, t, tokens, mask, 0.0, read), unconditional, atol=1e-6)
        with_labels = net(x, t, tokens, mask, read)
        net.slot_label.weight.zero_()
        assert not torch.allclose(with_labels, net(x, t, tokens, mask, read), atol=1e-5)
        assert torch.allclose(net(x, t, torch.zeros_like(tokens), torch.zeros_like(mask), read), unconditional)


def test_each_slot_is_told_its_own_role_under_the_read_category():
    """Slot roles: one embedding per (category, slot), chosen by the read category, so two slots
    with the same label (an office chair's right and left arm supports) are told apart."""
    torch.manual_seed(4)
    net = PartSlotDenoiser(NetConfig(slot_dim=35, width=32, depth=2, heads=2, slots=24, reader_width=16,
                                     slot_labels=True, slot_roles=True)).eval()
    for p in net.slot_out.parameters():
        torch.nn.init.normal_(p, std=0.1)
    chair, table = CATEGORIES.index("office_chair"), CATEGORIES.index("table")
    read = torch.rand(1, net.reader.feature_dim)
    read[:, :len(CATEGORIES)] = 0
    read[0, chair] = 1.0
    read[0, -24 + 15] = read[0, -24 + 14]    # the same odds of being filled
    x, t = torch.randn(1, 24, 35), torch.tensor([300])
    x[0, 15] = x[0, 14]                  # the two arm-support slots hold the same noisy vector
    tokens, mask = torch.randn(1, 4, 384), torch.ones(1, 4, dtype=torch.bool)
    with torch.no_grad():
        net.slot_position.zero_()        # no index embedding: only the role can tell 14 from 15
        out = net(x, t, tokens, mask, read)
        assert not torch.allclose(out[0, 14], out[0, 15], atol=1e-4)
        net.slot_role[chair, 15] = net.slot_role[chair, 14]
        same = net(x, t, tokens, mask, read)
        assert torch.allclose(same[0, 14], same[0, 15], atol=1e-5)
        net.slot_role[table] += 1.0      # another category's roles do not reach an office chair
        assert torch.allclose(net(x, t, tokens, mask, read), same, atol=1e-6)
        unconditional = net(x, t, torch.zeros_like(tokens), torch.zeros_like(mask), read)
        net.slot_role[chair] += 1.0      # nor the unconditional branch of guidance
        assert torch.allclose(net(x, t, torch.zeros_like(tokens), torch.zeros_like(mask), read), unconditional)


def test_token_dropout_hides_real_tokens_only_and_never_a_whole_caption():
    from engine.train.generator import drop_tokens

    mask = torch.zeros(400, 12, dtype=torch.bool)
    for i in range(400):
        mask[i, : 1 + i % 12] = True
    gen = torch.Generator().manual_seed(0)
    assert torch.equal(drop_tokens(mask, 0.0, gen), mask)
    kept = drop_tokens(mask, 0.3, gen)
    assert not (kept & ~mask).any()                      # no padding turned into a token
    assert kept.any(dim=1).all() and kept[:, 0].all()    # every caption keeps its first token
    share = (kept.sum() - 400) / (mask.sum() - 400)      # of the tokens that could go
    assert 0.6 < float(share) < 0.8
    only_first = drop_tokens(mask, 1.0, gen)
    assert only_first.sum() == 400 and only_first[:, 0].all()


def test_an_ensemble_reads_the_mean_of_its_readers_probabilities():
    from engine.generate.prompt_reader import ReaderEnsemble, read_prompt

    torch.manual_seed(0)
    ensemble = ReaderEnsemble(ReaderConfig(width=16, depth=1, heads=2, slots=4), members=3).eval()
    tokens, mask = torch.randn(2, 5, 384), torch.ones(2, 5, dtype=torch.bool)
    mask[1, 3:] = False
    each = torch.stack([member.features(tokens, mask) for member in ensemble.members])
    assert not torch.allclose(each[0], each[1])                      # the readers differ
    assert torch.allclose(ensemble.features(tokens, mask), each.mean(0), atol=1e-5)
    assert ensemble.feature_dim == ensemble.members[0].feature_dim
    assert len(read_prompt(ensemble, tokens, mask)) == 2


def test_attribute_arithmetic_moves_what_the_edit_speaks_about_and_keeps_the_rest():
    from engine.generate.prompt_reader import edited_features

    dim = len(CATEGORIES) + sum(len(v) for v in ATTRIBUTE_VALUES.values()) + 4
    base = torch.zeros(1, dim)
    base[0, 2] = 1.0                                         # the source's category
    at = len(CATEGORIES)
    blocks = {}
    for key in ATTRIBUTES:
        size = len(ATTRIBUTE_VALUES[key])
        base[0, at:at + size] = 1.0 / size
        blocks[key] = (at, size)
        at += size
    base[0, -4:] = torch.tensor([0.9, 0.1, 0.5, 0.0])
    arms, _ = blocks["arms"]
    yes, no = arms + ATTRIBUTE_VALUES["arms"].index(True), arms + ATTRIBUTE_VALUES["arms"].index(False)
    source = base.clone()
    source[0, yes], source[0, no] = 0.1, 0.9                   # "a chair without arms"
    legs, legs_size = blocks["legs"]
    source[0, legs:legs + legs_size] = torch.tensor([0.7] + [0.3 / (legs_size - 1)] * (legs_size - 1))
    plain, plain_edited = base.clone(), base.clone()
    plain[0, yes], plain[0, no] = 0.3, 0.7                     # "chair"
    plain_edited[0, yes], plain_edited[0, no] = 0.95, 0.05     # "chair with arms": a change of 0.65
    plain_edited[0, :len(CATEGORIES)] = 0.0
    plain_edited[0, 5] = 1.0                                   # a category change is not carried over
    plain_edited[0, -4:] = torch.tensor([0.9, 0.9, 0.5, 0.0])  # the arm slot's odds go up by 0.8
    out = edited_features(source, plain, plain_edited)
    assert torch.allclose(out[0, :len(CATEGORIES)], source[0, :len(CATEGORIES)])
    assert abs(out[0, yes] - 0.95) < 1e-6 and abs(out[0, no] - 0.05) < 1e-6     # moved all the way
    assert torch.allclose(out[0, legs:legs + legs_size], source[0, legs:legs + legs_size])   # left alone
    assert torch.allclose(out[0, -4:], torch.tensor([0.9, 0.9, 0.5, 0.0]))
    for key, (start, size) in blocks.items():
        assert abs(float(out[0, start:start + size].sum()) - 1) < 1e-5 and (out[0, start:start + size] >= 0).all()
    # A smaller change moves it part of the way: 0.2 of a full 0.5 is 40%; 0.04 of a slot's full 0.1 too.
    plain_edited[0, yes], plain_edited[0, no] = 0.5, 0.5
    plain_edited[0, -3] = 0.14
    out = edited_features(source, plain, plain_edited)
    assert abs(out[0, yes] - (0.6 * 0.1 + 0.4 * 0.5)) < 1e-6 and abs(out[0, -3] - (0.6 * 0.1 + 0.4 * 0.14)) < 1e-6
