#!/usr/bin/env python3
"""Stable-Baselines3's own DQN with the RL Zoo's MountainCar-v0 settings, the peer run behind
configs/dqn/mountaincar.yaml: trains 120,000 steps with the given gamma (the Zoo's 0.98, or our 0.99), evaluates the
greedy policy for 10 episodes every 5,000 steps (as our eval_every; the best of them is also played for 100
episodes, as best.ckpt would be) and the final weights for 100 episodes, and prints one RESULT line.

Usage (see sb3_reference.py for what SB3 needs here):
    PYTHONPATH=<sb3 v2.3.2>:<gymnasium-0.29.1> /usr/bin/python3 bench/rl/sb3-dqn-mountaincar.py SEED [GAMMA] [STEPS]
"""
import sys

from sb3_reference import install_stand_ins, train_and_report

install_stand_ins()
import torch  # noqa: E402
import gymnasium as gym  # noqa: E402
from stable_baselines3 import DQN  # noqa: E402

torch.set_num_threads(1)
seed = int(sys.argv[1])
gamma = float(sys.argv[2]) if len(sys.argv) > 2 else 0.98
steps = int(sys.argv[3]) if len(sys.argv) > 3 else 120_000
ENV = "MountainCar-v0"

# hyperparams/dqn.yml of DLR-RM/rl-baselines3-zoo, MountainCar-v0 (gamma from the command line)
model = DQN("MlpPolicy", gym.make(ENV), learning_rate=4e-3, batch_size=128, buffer_size=10_000, learning_starts=1000,
            gamma=gamma, target_update_interval=600, train_freq=16, gradient_steps=8, exploration_fraction=0.2,
            exploration_final_eps=0.07, policy_kwargs=dict(net_arch=[256, 256]), seed=seed, verbose=0)
train_and_report(model, ENV, steps, f"seed {seed} gamma {gamma}")
