#!/usr/bin/env python3
"""Stable-Baselines3's own SAC with the RL Zoo's MountainCarContinuous-v0 settings (gSDE), the peer run behind
configs/sac/mountaincar-continuous.yaml: trains 50,000 steps, evaluates the deterministic policy for 10 episodes
every 5,000 steps (as our eval_every) and the final weights for 100 episodes, and prints one RESULT line.

Usage (see sb3_reference.py for what SB3 needs here):
    PYTHONPATH=<sb3 v2.3.2>:<gymnasium-0.29.1> /usr/bin/python3 bench/rl/sb3-sac-mountaincar-continuous.py SEED [STEPS]
"""
import sys
import time

from sb3_reference import evaluate, install_stand_ins

install_stand_ins()
import numpy as np  # noqa: E402
import torch  # noqa: E402
import gymnasium as gym  # noqa: E402
from stable_baselines3 import SAC  # noqa: E402
from stable_baselines3.common.callbacks import BaseCallback  # noqa: E402

torch.set_num_threads(1)
seed = int(sys.argv[1])
steps = int(sys.argv[2]) if len(sys.argv) > 2 else 50_000
ENV = "MountainCarContinuous-v0"


class PeriodicEvaluation(BaseCallback):
    def __init__(self):
        super().__init__()
        self.evaluations, self.episodes, self.current = [], [], 0.0

    def _on_step(self):
        self.current += float(self.locals["rewards"][0])
        if self.locals["dones"][0]:
            self.episodes.append(self.current)
            self.current = 0.0
        if self.num_timesteps % 5000 == 0:
            mean = evaluate(self.model, ENV, 10, 10_000)
            self.evaluations.append((self.num_timesteps, mean))
            print(f"seed {seed} step {self.num_timesteps} eval10 {mean:.2f} episodes {len(self.episodes)}", flush=True)
        return True


# hyperparams/sac.yml of DLR-RM/rl-baselines3-zoo, MountainCarContinuous-v0
model = SAC("MlpPolicy", gym.make(ENV), learning_rate=3e-4, buffer_size=50_000, batch_size=512,
            ent_coef=0.1, train_freq=32, gradient_steps=32, gamma=0.9999, tau=0.01, learning_starts=0, use_sde=True,
            policy_kwargs=dict(log_std_init=-3.67, net_arch=[64, 64]), seed=seed, verbose=0)
callback = PeriodicEvaluation()
start = time.time()
model.learn(total_timesteps=steps, callback=callback)
wall = time.time() - start
final = evaluate(model, ENV, 100, 1)
best_step, best = max(callback.evaluations, key=lambda e: e[1])
print(f"RESULT seed {seed} steps {steps} wall {wall:.1f} final100 {final:.2f} best_eval10 {best:.2f} at {best_step} "
      f"last100_train {np.mean(callback.episodes[-100:]):.2f}", flush=True)
