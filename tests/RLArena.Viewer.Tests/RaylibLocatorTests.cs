using RLArena.Core.Errors;
using RLArena.Viewer.Raylib;

namespace RLArena.Viewer.Tests;

public class RaylibLocatorTests
{
    private string _root = "";

    [SetUp]
    public void MakeFolders() => _root = TestImages.TempFolder("locator");

    private string Folder(string name)
    {
        var path = Path.Combine(_root, name);
        Directory.CreateDirectory(path);
        return path;
    }

    private string Fake(string folder, string name)
    {
        var path = Path.Combine(Folder(folder), name);
        File.WriteAllText(path, "not really a library");
        return path;
    }

    private RaylibLocator Locator(string? explicitPath = null, string? env = null) => new(
        explicitPath, env, Folder("app"), [Folder("ld1"), Folder("ld2")], [Folder("usr-local-lib"), Folder("usr-lib")]);

    [Test]
    public void Looks_in_order_option_env_app_ld_library_path_then_system()
    {
        var system = Fake("usr-lib", "libraylib.so");
        Assert.That(Locator().Locate().Path, Is.EqualTo(system));

        var local = Fake("usr-local-lib", "libraylib.so");
        Assert.That(Locator().Locate().Path, Is.EqualTo(local), "/usr/local/lib before /usr/lib");

        var ld = Fake("ld2", "libraylib.so");
        Assert.That(Locator().Locate(), Is.EqualTo(new RaylibCandidate("LD_LIBRARY_PATH", ld, true)));

        var app = Fake("app", "libraylib.so");
        Assert.That(Locator().Locate(), Is.EqualTo(new RaylibCandidate("app folder", app, true)));

        var env = Fake("env", "libraylib.so");
        Assert.That(Locator(env: env).Locate(), Is.EqualTo(new RaylibCandidate(RaylibLocator.EnvironmentVariable, env, true)));

        var option = Fake("option", "libraylib-custom.so");
        Assert.That(Locator(option, env).Locate(), Is.EqualTo(new RaylibCandidate(RaylibLocator.Option, option, true)));

        Assert.That(Locator(option, env).Candidates().Select(c => c.Source),
            Is.EqualTo(new[] { "--raylib", "RLARENA_RAYLIB", "app folder", "LD_LIBRARY_PATH", "LD_LIBRARY_PATH", "system", "system" }));
    }

    [Test]
    public void A_folder_setting_means_the_library_inside_it()
    {
        var lib = Fake("custom", "libraylib.so");
        Assert.That(Locator(explicitPath: Path.GetDirectoryName(lib)).Locate().Path, Is.EqualTo(lib));
    }

    [Test]
    public void Without_the_plain_name_the_newest_versioned_file_wins()
    {
        Fake("usr-lib", "libraylib.so.550");
        Fake("usr-lib", "libraylib.so.5.5.0");
        var newest = Fake("usr-lib", "libraylib.so.600");
        Fake("usr-lib", "libraylib.so.bak");
        Assert.That(Locator().Locate().Path, Is.EqualTo(newest));
        Assert.That(RaylibLocator.VersionOf("libraylib.so.6.0.0"), Is.EqualTo(new Version(6, 0, 0)));
        Assert.That(RaylibLocator.VersionOf("libraylib.so.550"), Is.EqualTo(new Version(5, 5, 0)));
        Assert.That(RaylibLocator.VersionOf("libraylib.so.bak"), Is.Null);
    }

    [Test]
    public void Nothing_found_names_every_place_how_to_point_at_one_and_that_record_works()
    {
        var e = Assert.Throws<UserFacingException>(() => Locator().Locate())!;
        Assert.That(e.ExitCode, Is.EqualTo(1));
        Assert.That(e.Message, Does.StartWith("libraylib was not found. Looked in: --raylib not given, RLARENA_RAYLIB not set;"));
        foreach (var folder in new[] { "app", "ld1", "ld2", "usr-local-lib", "usr-lib" })
            Assert.That(e.Message, Does.Contain(Path.Combine(_root, folder)));
        Assert.That(e.Message, Does.Contain("--raylib /path/to/libraylib.so").And.Contain("RLARENA_RAYLIB=/path/to/libraylib.so"));
        Assert.That(e.Message, Does.Contain("--record out.gif|out.mp4|frames/ works without raylib"));
        Assert.That(e.Message, Does.Not.Contain("\n"));
    }

    [Test]
    public void An_explicit_setting_that_points_at_nothing_is_its_own_error()
    {
        Fake("usr-lib", "libraylib.so"); // would be found, but the user asked for something else
        var missing = Path.Combine(_root, "nowhere", "libraylib.so");
        var e = Assert.Throws<UserFacingException>(() => Locator(env: missing).Locate())!;
        Assert.That(e.Message, Does.StartWith($"RLARENA_RAYLIB={missing} does not point at a libraylib"));
        e = Assert.Throws<UserFacingException>(() => Locator(explicitPath: missing).Locate())!;
        Assert.That(e.Message, Does.StartWith($"--raylib {missing} does not point at a libraylib"));
    }

    [Test]
    public void A_file_that_is_not_a_library_fails_to_load_with_a_clear_error()
    {
        var fake = Fake("bad", "libraylib.so");
        var e = Assert.Throws<UserFacingException>(() => RaylibApi.Load(Locator(explicitPath: fake)))!;
        Assert.That(e.Message, Does.StartWith($"found libraylib at {fake} (--raylib) but it could not be loaded"));
        Assert.That(e.Message, Does.Contain("--record"));
    }
}
