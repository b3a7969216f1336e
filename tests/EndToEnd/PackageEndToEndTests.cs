using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using Seeding.Analyzers.Tests.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace Seeding.Analyzers.Tests.EndToEnd
{
    /// <summary>
    /// Packs Seeding.Analyzers into a local feed once; the tests then use the package exactly
    /// as a user does, from a throwaway console project.
    /// </summary>
    public sealed class PackedFeed : IDisposable
    {
        public const string Version = "0.0.0-e2e";

        public PackedFeed()
        {
            Root = Directory.CreateTempSubdirectory("seeding-e2e-").FullName;
            Feed = Path.Combine(Root, "feed");
            Packages = Path.Combine(Root, "packages");
            Pack = ProcessRunner.Dotnet(
                TestReferences.RepositoryRoot,
                null,
                "pack",
                Path.Combine("src", "CodeFixes", "Seeding.Analyzers.CodeFixes.csproj"),
                "-c", "Release",
                "-o", Feed,
                "-p:Version=" + Version);
            PackagePath = Path.Combine(Feed, "Seeding.Analyzers." + Version + ".nupkg");
        }

        public string Root { get; }

        public string Feed { get; }

        /// <summary>A NuGet packages folder of its own, so no earlier build of the package is reused.</summary>
        public string Packages { get; }

        public ProcessResult Pack { get; }

        public string PackagePath { get; }

        public IReadOnlyDictionary<string, string> Environment => new Dictionary<string, string> { ["NUGET_PACKAGES"] = Packages };

        public void Dispose()
        {
            try
            {
                Directory.Delete(Root, recursive: true);
            }
            catch (IOException)
            {
                // a temp folder left behind is harmless
            }
        }
    }

    [CollectionDefinition(Name)]
    public sealed class EndToEndCollection : ICollectionFixture<PackedFeed>
    {
        /// <summary>Tests that start builds run one at a time.</summary>
        public const string Name = "EndToEnd";
    }

    [Collection(EndToEndCollection.Name)]
    public sealed class PackageEndToEndTests
    {
        private const string UnseededProgram = """
            // A user's program: the shuffle must repeat from run to run.
            var numbers = Enumerable.Range(1, 5).ToArray();
            var random = new Random();
            random.Shuffle(numbers); // different order every run
            Console.WriteLine(string.Join(",", numbers));
            """;

        private readonly PackedFeed _feed;
        private readonly ITestOutputHelper _output;

        public PackageEndToEndTests(PackedFeed feed, ITestOutputHelper output)
        {
            _feed = feed;
            _output = output;
        }

        [Fact]
        public void PackageHoldsBothAssembliesUnderAnalyzersAndNothingInLib()
        {
            Assert.True(_feed.Pack.ExitCode == 0, _feed.Pack.ToString());
            using var package = ZipFile.OpenRead(_feed.PackagePath);
            var entries = package.Entries.Select(entry => entry.FullName).ToList();

            Assert.Contains("analyzers/dotnet/cs/Seeding.Analyzers.dll", entries);
            Assert.Contains("analyzers/dotnet/cs/Seeding.Analyzers.CodeFixes.dll", entries);
            Assert.Contains("README.md", entries);
            Assert.DoesNotContain(entries, entry => entry.StartsWith("lib/", StringComparison.Ordinal));

            var nuspecEntry = package.Entries.Single(entry => entry.FullName.EndsWith(".nuspec", StringComparison.Ordinal));
            using var reader = new StreamReader(nuspecEntry.Open());
            var nuspec = reader.ReadToEnd();
            Assert.Contains("<developmentDependency>true</developmentDependency>", nuspec);
            Assert.Contains("<readme>README.md</readme>", nuspec);
            Assert.DoesNotContain("<dependency ", nuspec);
        }

        [Fact]
        public void ConsoleProjectGetsTheWarningFailsWithWarnAsErrorAndDotnetFormatFixesIt()
        {
            Assert.True(_feed.Pack.ExitCode == 0, _feed.Pack.ToString());
            var app = Path.Combine(_feed.Root, "app");
            Directory.CreateDirectory(app);
            File.WriteAllText(Path.Combine(app, "nuget.config"), $"""
                <?xml version="1.0" encoding="utf-8"?>
                <configuration>
                  <packageSources>
                    <clear />
                    <add key="local" value="{_feed.Feed}" />
                  </packageSources>
                </configuration>
                """);
            File.WriteAllText(Path.Combine(app, "App.csproj"), """
                <Project Sdk="Microsoft.NET.Sdk">
                  <PropertyGroup>
                    <OutputType>Exe</OutputType>
                    <TargetFramework>net10.0</TargetFramework>
                    <ImplicitUsings>enable</ImplicitUsings>
                    <Nullable>enable</Nullable>
                  </PropertyGroup>
                </Project>
                """);
            var program = Path.Combine(app, "Program.cs");
            File.WriteAllText(program, UnseededProgram);

            var add = Step(app, "add", "package", "Seeding.Analyzers", "--version", PackedFeed.Version);
            Assert.True(add.ExitCode == 0, add.ToString());
            var project = File.ReadAllText(Path.Combine(app, "App.csproj"));
            Assert.Contains("Include=\"Seeding.Analyzers\"", project);

            var strict = Step(app, "build", "-warnaserror");
            Assert.NotEqual(0, strict.ExitCode);
            Assert.Contains("Program.cs(3,14): error SEED001: 'new Random()' draws different numbers on every run", strict.Output);

            // --no-incremental: the compiler must run again to report again.
            var build = Step(app, "build", "--no-incremental");
            Assert.True(build.ExitCode == 0, build.ToString());
            Assert.Contains("Program.cs(3,14): warning SEED001: 'new Random()' draws different numbers on every run", build.Output);

            var format = Step(app, "format", "analyzers", "--diagnostics", "SEED001", "--severity", "warn");
            Assert.True(format.ExitCode == 0, format.ToString());
            var fixedProgram = File.ReadAllText(program);
            _output.WriteLine("--- Program.cs after dotnet format ---\n" + fixedProgram);
            Assert.Equal(UnseededProgram.Replace("new Random()", "new Random(42)"), fixedProgram);

            var clean = Step(app, "build", "--no-incremental", "-warnaserror");
            Assert.True(clean.ExitCode == 0, clean.ToString());
            Assert.DoesNotContain("SEED001", clean.Output);
        }

        private ProcessResult Step(string directory, params string[] arguments)
        {
            var result = ProcessRunner.Dotnet(directory, _feed.Environment, arguments);
            _output.WriteLine(result.ToString());
            return result;
        }
    }
}
