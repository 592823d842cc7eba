# Golden learning rates from torch.optim.lr_scheduler (Debian python3-torch, float64) for test/dynamics/schedules.test.ts.
# Run: /usr/bin/python3 scripts/golden-schedules.py > test/dynamics/golden/schedules.json
# Each case: the lr used by updates t = 0…T−1 (optimizer.step() then scheduler.step(), torch's documented order).
import json
import warnings
import torch

warnings.filterwarnings("ignore")
T = 40
BASE = 0.1


def lrs(make):
    p = torch.nn.Parameter(torch.zeros(1, dtype=torch.float64))
    opt = torch.optim.SGD([p], lr=BASE)
    sched = make(opt)
    out = []
    for _ in range(T):
        out.append(opt.param_groups[0]["lr"])
        opt.step()
        sched.step()
    return out


S = torch.optim.lr_scheduler
cases = [
    ({"id": "step", "stepSize": 7, "gamma": 0.5}, lambda o: S.StepLR(o, step_size=7, gamma=0.5)),
    ({"id": "exponential", "gamma": 0.93}, lambda o: S.ExponentialLR(o, gamma=0.93)),
    ({"id": "cosine", "tMax": 15, "etaMin": 0.001}, lambda o: S.CosineAnnealingLR(o, T_max=15, eta_min=0.001)),
    ({"id": "cosine", "tMax": 40}, lambda o: S.CosineAnnealingLR(o, T_max=40)),
    ({"id": "warmup", "steps": 5, "startFactor": 0.25}, lambda o: S.LinearLR(o, start_factor=0.25, total_iters=5)),
    ({"id": "warmup", "steps": 6, "startFactor": 0.1, "then": {"id": "cosine", "tMax": 30, "etaMin": 0.002}},
     lambda o: S.SequentialLR(o, [S.LinearLR(o, start_factor=0.1, total_iters=6),
                                  S.CosineAnnealingLR(o, T_max=30, eta_min=0.002)], milestones=[6])),
    ({"id": "warmup", "steps": 4, "then": {"id": "exponential", "gamma": 0.9}},
     lambda o: S.SequentialLR(o, [S.LinearLR(o, start_factor=1 / 3, total_iters=4),
                                  S.ExponentialLR(o, gamma=0.9)], milestones=[4])),
]
print(json.dumps({"torch": torch.__version__, "base": BASE,
                  "cases": [{"schedule": c, "lr": lrs(m)} for c, m in cases]}, indent=1))
