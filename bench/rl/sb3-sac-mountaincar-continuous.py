#!/usr/bin/env python3
"""Stable-Baselines3's own SAC with the RL Zoo's MountainCarContinuous-v0 settings (gSDE), the peer run behind
configs/sac/mountaincar-continuous.yaml: trains 50,000 steps, evaluates the deterministic policy for 10 episodes
every 5,000 steps (as our eval_every) and the final weights for 100 episodes, and prints one RESULT line.

Usage (see sb3_reference.py for what SB3 needs here):
    PYTHONPATH=<sb3 v2.3.2>:<gymnasium-0.29.1> /usr/bin/python3 bench/rl/sb3-sac-mountaincar-continuous.py SEED [STEPS]
"""
import sys

from sb3_reference import install_stand_ins, train_and_report

install_stand_ins()
import torch  # noqa: E402
import gymnasium as gym  # noqa: E402
from stable_baselines3 import SAC  # noqa: E402

torch.set_num_threads(1)
seed = int(sys.argv[1])
steps = int(sys.argv[2]) if len(sys.argv) > 2 else 50_000
ENV = "MountainCarContinuous-v0"

# hyperparams/sac.yml of DLR-RM/rl-baselines3-zoo, MountainCarContinuous-v0
model = SAC("MlpPolicy", gym.make(ENV), learning_rate=3e-4, buffer_size=50_000, batch_size=512,
            ent_coef=0.1, train_freq=32, gradient_steps=32, gamma=0.9999, tau=0.01, learning_starts=0, use_sde=True,
            policy_kwargs=dict(log_std_init=-3.67, net_arch=[64, 64]), seed=seed, verbose=0)
train_and_report(model, ENV, steps, f"seed {seed}")
