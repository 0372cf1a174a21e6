"""PyTorch modules whose state dicts match RLArena's exports, both ways.

    rlarena mnist export --checkpoint model.ckpt --format pt    ->  Net
    rlarena export --checkpoint RUN --format pt (PPO)          ->  Agent      (CleanRL's ppo.py Agent)
    rlarena export --checkpoint RUN --format pt (DQN)          ->  QNetwork   (CleanRL's dqn.py QNetwork)
    rlarena export --checkpoint RUN --format pt (PPO, Box)     ->  ContinuousAgent (CleanRL's ppo_continuous_action.py Agent)
    rlarena export --checkpoint RUN --format pt (SAC)          ->  SacActor   (CleanRL's sac_continuous_action.py Actor)

`rlarena export` prints the exact constructor call for a run, for example
`Agent((4,), 2, hidden=(64, 64), activation="tanh")`. Load an export with

    model.load_state_dict(torch.load("policy.pt"))

and bring weights trained here back with `torch.save(model.state_dict(), "policy.pt")` and
`rlarena import --checkpoint RUN --weights policy.pt --out imported.ckpt`.

Observations go in as RLArena's environments write them: float32, flat ([batch, size]) or, for image
observations, [batch, C*H*W] or [batch, C, H, W]. No normalisation is applied: for a run trained with
normalize_observation, normalise first ((x - mean) / sqrt(var + 1e-8)), or use the ONNX export, which has it built in.
This file needs only PyTorch; copy it next to your script.
"""
import math

import torch
import torch.nn as nn
import torch.nn.functional as F

__all__ = ["Net", "Agent", "QNetwork", "ContinuousAgent", "SacActor"]


class Net(nn.Module):
    """The PyTorch MNIST tutorial's network (784-128-64-10, ReLU), the one `rlarena mnist` trains.

    Inputs are 28x28 images scaled to 0-1 and normalised with the dataset's mean and standard deviation
    (`rlarena mnist export` prints them; MNIST: 0.1307, 0.3081). Other `--hidden` sizes: pass `hidden`.
    """

    def __init__(self, hidden=(128, 64), classes=10):
        super(Net, self).__init__()
        sizes = [28 * 28, *hidden, classes]
        for i in range(len(sizes) - 1):
            setattr(self, f"fc{i + 1}", nn.Linear(sizes[i], sizes[i + 1]))
        self.layers = len(sizes) - 1

    def forward(self, x):
        x = x.view(-1, 28 * 28)
        for i in range(1, self.layers):
            x = F.relu(getattr(self, f"fc{i}")(x))
        return getattr(self, f"fc{self.layers}")(x)


_ACTIVATIONS = {"tanh": nn.Tanh, "relu": nn.ReLU}


def _mlp(inputs, hidden, outputs, activation):
    """Linear, activation, Linear, ..., Linear: tensor names 0, 2, 4, ... as CleanRL's nn.Sequential."""
    layers = []
    for size in hidden:
        layers += [nn.Linear(inputs, size), _ACTIVATIONS[activation]()]
        inputs = size
    layers.append(nn.Linear(inputs, outputs))
    return nn.Sequential(*layers)


def _conv_layers(shape, features=256):
    """RLArena's image encoder: two 3x3 convolutions (16 and 32 channels, stride 2 while the image is large),
    flatten, a linear layer of 256 units; ReLU after each. Names network.0, network.2, network.5."""
    c, h, w = shape

    def out(size, stride):
        return (size + 2 - 3) // stride + 1

    stride1 = 2 if min(h, w) >= 32 else 1
    h1, w1 = out(h, stride1), out(w, stride1)
    stride2 = 2 if min(h1, w1) >= 16 else 1
    h2, w2 = out(h1, stride2), out(w1, stride2)
    return [
        nn.Conv2d(c, 16, 3, stride=stride1, padding=1), nn.ReLU(),
        nn.Conv2d(16, 32, 3, stride=stride2, padding=1), nn.ReLU(),
        nn.Flatten(),
        nn.Linear(32 * h2 * w2, features), nn.ReLU(),
    ]


def _greedy(scores, mask):
    if mask is not None:
        scores = scores.masked_fill(~mask.bool(), -math.inf)
    return scores.argmax(dim=-1)


class Agent(nn.Module):
    """RLArena's PPO actor-critic, as CleanRL's `Agent`.

    Vector observations: separate actor and critic MLPs (`actor.0`, `actor.2`, ... and `critic.0`, ...).
    Image observations (shape (C, H, W)): a shared convolutional `network`, then `actor` and `critic` linear heads.
    """

    def __init__(self, observation_shape, n_actions, hidden=(64, 64), activation="tanh"):
        super().__init__()
        self.observation_shape = tuple(observation_shape)
        if len(self.observation_shape) == 3:
            self.network = nn.Sequential(*_conv_layers(self.observation_shape))
            self.actor = nn.Linear(256, n_actions)
            self.critic = nn.Linear(256, 1)
        else:
            size = math.prod(self.observation_shape)
            self.network = nn.Flatten()
            self.critic = _mlp(size, hidden, 1, activation)
            self.actor = _mlp(size, hidden, n_actions, activation)

    def _features(self, x):
        if len(self.observation_shape) == 3:
            x = x.reshape(-1, *self.observation_shape)
        return self.network(x)

    def get_logits(self, x):
        """Unmasked action logits [batch, n_actions]."""
        return self.actor(self._features(x))

    def get_value(self, x):
        """State values [batch, 1]."""
        return self.critic(self._features(x))

    def get_action(self, x, mask=None):
        """The most likely action (what `rlarena eval` plays); mask: [batch, n_actions], True = allowed."""
        return _greedy(self.get_logits(x), mask)

    def forward(self, x):
        """(logits, values[batch])."""
        features = self._features(x)
        return self.actor(features), self.critic(features).squeeze(-1)


class QNetwork(nn.Module):
    """RLArena's DQN Q-network, as CleanRL's `QNetwork`: one `network` (an MLP with ReLU for vector
    observations; the convolutional encoder then a linear head, `network.7`, for image observations)."""

    def __init__(self, observation_shape, n_actions, hidden=(120, 84)):
        super().__init__()
        self.observation_shape = tuple(observation_shape)
        if len(self.observation_shape) == 3:
            self.network = nn.Sequential(*_conv_layers(self.observation_shape), nn.Linear(256, n_actions))
        else:
            self.network = _mlp(math.prod(self.observation_shape), hidden, n_actions, "relu")

    def forward(self, x):
        """Q-values [batch, n_actions]."""
        if len(self.observation_shape) == 3:
            x = x.reshape(-1, *self.observation_shape)
        return self.network(x)

    def get_action(self, x, mask=None):
        """The greedy action; mask: [batch, n_actions], True = allowed."""
        return _greedy(self.forward(x), mask)


class ContinuousAgent(nn.Module):
    """PPO for Box actions, CleanRL's ppo_continuous_action.py Agent: actor_mean and critic MLPs and a learned
    actor_logstd ([1, actions]; with sde=True, gSDE's [hidden[-1], actions] matrix, whose action std per state is
    sqrt(latent**2 @ exp(actor_logstd)**2 + 1e-6), latent = the actor's last hidden layer).
    get_action gives the deterministic action: the mean, clipped to [low, high] when they are given."""

    def __init__(self, observation_shape, n_actions, hidden=(64, 64), activation="tanh", sde=False, low=None, high=None):
        super().__init__()
        size = math.prod(tuple(observation_shape))
        self.critic = _mlp(size, hidden, 1, activation)
        self.actor_mean = _mlp(size, hidden, n_actions, activation)
        self.actor_logstd = nn.Parameter(torch.zeros(hidden[-1] if sde else 1, n_actions))
        # Buffers, so that model.to("cuda") moves them; not persistent, so the state dict holds only the weights.
        self.register_buffer("low", None if low is None else torch.tensor(low, dtype=torch.float32), persistent=False)
        self.register_buffer("high", None if high is None else torch.tensor(high, dtype=torch.float32), persistent=False)

    def get_value(self, x):
        return self.critic(x)

    def get_action(self, x):
        mean = self.actor_mean(x)
        return mean if self.low is None else torch.max(torch.min(mean, self.high), self.low)

    def forward(self, x):
        """The action means and the values ([batch])."""
        return self.actor_mean(x), self.critic(x).squeeze(-1)


class SacActor(nn.Module):
    """SAC's policy, CleanRL's sac_continuous_action.py Actor: fc1, fc2, ... (ReLU), fc_mean and fc_logstd, and
    the action_scale/action_bias buffers ((high - low) / 2, (high + low) / 2). forward gives the mean and the
    log-std squashed into [log_std_min, log_std_max]; get_action the deterministic action tanh(mean) * scale + bias."""

    def __init__(self, observation_shape, n_actions, hidden=(256, 256), low=(-1.0,), high=(1.0,), log_std_min=-5.0, log_std_max=2.0):
        super().__init__()
        sizes = [math.prod(tuple(observation_shape)), *hidden]
        for i in range(len(hidden)):
            setattr(self, f"fc{i + 1}", nn.Linear(sizes[i], sizes[i + 1]))
        self.layers = len(hidden)
        self.fc_mean = nn.Linear(hidden[-1], n_actions)
        self.fc_logstd = nn.Linear(hidden[-1], n_actions)
        low, high = torch.tensor(low, dtype=torch.float32), torch.tensor(high, dtype=torch.float32)
        self.register_buffer("action_scale", (high - low) / 2.0)
        self.register_buffer("action_bias", (high + low) / 2.0)
        self.log_std_min, self.log_std_max = log_std_min, log_std_max

    def forward(self, x):
        for i in range(1, self.layers + 1):
            x = F.relu(getattr(self, f"fc{i}")(x))
        log_std = torch.tanh(self.fc_logstd(x))
        log_std = self.log_std_min + 0.5 * (self.log_std_max - self.log_std_min) * (log_std + 1)
        return self.fc_mean(x), log_std

    def get_action(self, x):
        mean, _ = self(x)
        return torch.tanh(mean) * self.action_scale + self.action_bias
