using System.Globalization;
using RLArena.Supervised.Training;

namespace RLArena.Supervised.Tests;

public class TutorialLinesTests
{
    [Test]
    public void The_step_line_is_the_tutorials()
    {
        Assert.That(TutorialLines.Step(1, 100, 0.5234), Is.EqualTo("Epoch 1, Step 100, Loss: 0.523"));
        Assert.That(TutorialLines.Step(10, 900, 2.0), Is.EqualTo("Epoch 10, Step 900, Loss: 2.000"));
        Assert.That(TutorialLines.Step(3, 200, 0.0125), Does.Match(@"^Epoch 3, Step 200, Loss: 0\.01[23]$"));
    }

    [Test]
    public void The_accuracy_line_is_the_tutorials()
    {
        Assert.That(TutorialLines.Accuracy(8847, 10000), Is.EqualTo("Accuracy of the network on the 10000 test images: 88.47%"));
        Assert.That(TutorialLines.Accuracy(9800, 10000), Is.EqualTo("Accuracy of the network on the 10000 test images: 98.00%"));
        Assert.That(TutorialLines.Accuracy(1, 3), Is.EqualTo("Accuracy of the network on the 3 test images: 33.33%"));
    }

    [Test]
    public void Lines_do_not_depend_on_the_current_culture()
    {
        var before = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = new CultureInfo("de-DE");
            Assert.That(TutorialLines.Step(1, 100, 0.5), Is.EqualTo("Epoch 1, Step 100, Loss: 0.500"));
            Assert.That(TutorialLines.Accuracy(1, 2), Does.EndWith(" 50.00%"));
        }
        finally
        {
            CultureInfo.CurrentCulture = before;
        }
    }
}
