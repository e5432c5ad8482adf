"""The scheduler against values computed by hand, and its identities."""

import math

import pytest
import torch

from engine.generate.scheduler import DiffusionScheduler, SchedulerConfig, make_betas


def small():
    return DiffusionScheduler(SchedulerConfig(train_steps=3, schedule="linear", beta_start=0.1, beta_end=0.2))


def test_linear_schedule_and_forward_noising_by_hand():
    s = small()
    assert torch.allclose(s.betas, torch.tensor([0.1, 0.15, 0.2], dtype=torch.float64))
    assert torch.allclose(s.alpha_bar, torch.tensor([0.9, 0.765, 0.612], dtype=torch.float64))
    x0 = torch.tensor([[1.0], [2.0]])
    eps = torch.tensor([[0.5], [-1.0]])
    xt = s.add_noise(x0, eps, torch.tensor([1, 2]))
    assert torch.allclose(xt, torch.tensor([[math.sqrt(0.765) + math.sqrt(0.235) * 0.5],
                                            [2 * math.sqrt(0.612) - math.sqrt(0.388)]]))


def test_ddim_step_by_hand():
    s = small()
    s.set_timesteps(3, "ddim")
    assert s.timesteps.tolist() == [2, 1, 0]
    x, eps = torch.tensor([0.7]), torch.tensor([0.3])
    x0 = (0.7 - math.sqrt(1 - 0.612) * 0.3) / math.sqrt(0.612)
    expected = math.sqrt(0.765) * x0 + math.sqrt(1 - 0.765) * 0.3
    assert torch.allclose(s.step(eps, 2, x), torch.tensor([expected], dtype=torch.float32))
    # The last step lands on the predicted x_0 (alpha_bar of "t = -1" is 1).
    x0_last = (0.7 - math.sqrt(1 - 0.9) * 0.3) / math.sqrt(0.9)
    assert torch.allclose(s.step(eps, 0, x), torch.tensor([x0_last]))


def test_predicted_x0_by_hand_for_one_timestep_or_one_per_sample():
    s = small()
    x, eps = torch.tensor([[0.7], [-0.4]]), torch.tensor([[0.3], [0.2]])
    by_hand = [(0.7 - math.sqrt(1 - 0.765) * 0.3) / math.sqrt(0.765), (-0.4 - math.sqrt(1 - 0.612) * 0.2) / math.sqrt(0.612)]
    assert torch.allclose(s.predicted_x0(eps, torch.tensor([1, 2]), x), torch.tensor([[by_hand[0]], [by_hand[1]]]))
    assert torch.allclose(s.predicted_x0(eps, 1, x)[0], torch.tensor([by_hand[0]]))
    assert s.predicted_x0(torch.tensor([-5.0]), 2, torch.tensor([0.0]), clip=1.5).item() == 1.5


def test_the_noise_for_a_known_value_makes_the_step_land_on_its_path():
    s = small()
    s.set_timesteps(3, "ddim")
    x, known = torch.tensor([0.7]), torch.tensor([1.0])
    eps = s.noise_for(x, 2, known)
    assert torch.allclose(eps, (0.7 - math.sqrt(0.612) * known) / math.sqrt(1 - 0.612))
    assert torch.allclose(s.predicted_x0(eps, 2, x), known)
    assert torch.allclose(s.step(s.noise_for(x, 0, known), 0, x), known)   # the last step lands on it


def test_v_target_and_its_noise_by_hand():
    s = small()
    x0, eps = torch.tensor([[1.0], [2.0]]), torch.tensor([[0.5], [-1.0]])
    t = torch.tensor([1, 2])
    v = s.velocity(x0, eps, t)
    assert torch.allclose(v, torch.tensor([[math.sqrt(0.765) * 0.5 - math.sqrt(0.235) * 1.0],
                                           [-math.sqrt(0.612) - math.sqrt(0.388) * 2.0]]))
    xt = s.add_noise(x0, eps, t)
    assert torch.allclose(s.epsilon_from(v, t, xt, "v"), eps, atol=1e-6)     # back to the noise ...
    assert torch.allclose(s.predicted_x0(s.epsilon_from(v, t, xt, "v"), t, xt), x0, atol=1e-6)   # ... and the clean value
    assert torch.allclose(s.epsilon_from(v[:1], 1, xt[:1], "v"), eps[:1], atol=1e-6)   # one timestep for all
    assert torch.equal(s.epsilon_from(v, t, xt, "epsilon"), v)                 # an eps network's output is eps
    with pytest.raises(ValueError):
        s.epsilon_from(v, t, xt, "x0")


def test_ddpm_step_is_the_posterior_mean_plus_its_noise():
    s = small()
    s.set_timesteps(3, "ddpm")
    x, eps = torch.tensor([0.7, -0.2]), torch.tensor([0.3, 0.1])
    ab, ab_prev, beta, alpha = 0.612, 0.765, 0.2, 0.8
    x0 = (x - math.sqrt(1 - ab) * eps) / math.sqrt(ab)
    mean = math.sqrt(ab_prev) * beta / (1 - ab) * x0 + math.sqrt(alpha) * (1 - ab_prev) / (1 - ab) * x
    sigma = math.sqrt((1 - ab_prev) / (1 - ab) * beta)
    noise = torch.randn(2, generator=torch.Generator().manual_seed(5))
    out = s.step(eps, 2, x, generator=torch.Generator().manual_seed(5))
    assert torch.allclose(out, mean + sigma * noise, atol=1e-6)


def test_deterministic_ddim_with_the_true_noise_recovers_x0():
    s = DiffusionScheduler(SchedulerConfig(train_steps=1000))
    s.set_timesteps(20, "ddim")
    x0, eps = torch.randn(4, 8, dtype=torch.float64), torch.randn(4, 8, dtype=torch.float64)
    x = s.add_noise(x0, eps, torch.full((4,), int(s.timesteps[0])))
    for t in s.timesteps:
        x = s.step(eps, t, x)
    assert torch.allclose(x, x0, atol=1e-9)


def test_cosine_schedule_is_monotone_and_ends_near_pure_noise():
    b = make_betas(SchedulerConfig(train_steps=1000, schedule="cosine"))
    ab = torch.cumprod(1 - b, 0)
    assert (b > 0).all() and (b <= 0.999).all() and (ab[1:] < ab[:-1]).all()
    assert ab[0] > 0.999 and ab[-1] < 1e-4


def test_bad_settings_are_refused():
    s = small()
    for steps in (0, -1, 4):
        with pytest.raises(ValueError):
            s.set_timesteps(steps)
    with pytest.raises(ValueError):
        s.set_timesteps(2, "euler")
    with pytest.raises(ValueError):
        make_betas(SchedulerConfig(schedule="sigmoid"))


def test_training_timesteps_can_be_kept_under_a_bound():
    from engine.generate.scheduler import DiffusionScheduler, SchedulerConfig

    sched = DiffusionScheduler(SchedulerConfig())
    gen = torch.Generator().manual_seed(0)
    low = sched.sample_timesteps(4000, gen, below=250)
    assert int(low.min()) == 0 and int(low.max()) == 249
    every = sched.sample_timesteps(4000, gen)
    assert int(every.max()) == sched.config.train_steps - 1 and int(every.max()) > 900
    assert int(sched.sample_timesteps(4000, gen, below=5000).max()) > 900   # a bound past T is no bound
