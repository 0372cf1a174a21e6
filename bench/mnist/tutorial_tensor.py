# The tutorial's model, loss, optimizer and printed lines, with the DataLoader replaced by what a PyTorch user does
# for speed: the whole normalised dataset held as one tensor, each epoch one permutation, batches sliced from it.
# The strongest fair PyTorch peer for `rlarena mnist`, which works the same way.
import torch
import torch.nn as nn
import torch.nn.functional as F
import torch.optim as optim
from torchvision import datasets

MEAN, STD = 0.1307, 0.3081


def as_tensors(dataset):
    images = dataset.data.to(torch.float32).div(255).sub_(MEAN).div_(STD).view(-1, 28 * 28)
    return images, dataset.targets


train_x, train_y = as_tensors(datasets.MNIST(root='./data', train=True, download=True))
test_x, test_y = as_tensors(datasets.MNIST(root='./data', train=False, download=True))


class Net(nn.Module):
    def __init__(self):
        super(Net, self).__init__()
        self.fc1 = nn.Linear(28 * 28, 128)
        self.fc2 = nn.Linear(128, 64)
        self.fc3 = nn.Linear(64, 10)

    def forward(self, x):
        x = F.relu(self.fc1(x))
        x = F.relu(self.fc2(x))
        return self.fc3(x)


model = Net()
criterion = nn.CrossEntropyLoss()
optimizer = optim.SGD(model.parameters(), lr=0.01, momentum=0.9)
n = train_x.shape[0]

for epoch in range(10):
    running_loss = 0.0
    order = torch.randperm(n)
    for i, start in enumerate(range(0, n, 64)):
        batch = order[start:start + 64]
        images, labels = train_x[batch], train_y[batch]
        optimizer.zero_grad()
        loss = criterion(model(images), labels)
        loss.backward()
        optimizer.step()
        running_loss += loss.item()
        if (i + 1) % 100 == 0:
            print(f'Epoch {epoch + 1}, Step {i + 1}, Loss: {running_loss / 100:.3f}')
            running_loss = 0.0

with torch.no_grad():
    predicted = model(test_x).argmax(1)
    correct = (predicted == test_y).sum().item()
print(f'Accuracy of the network on the 10000 test images: {100 * correct / test_y.shape[0]:.2f}%')
