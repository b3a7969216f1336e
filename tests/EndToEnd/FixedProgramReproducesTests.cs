using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using Seeding.Analyzers.CodeFixes.Rules;
using Seeding.Analyzers.Rules;
using Seeding.Analyzers.Tests.Infrastructure;
using Xunit;
using Xunit.Abstractions;

namespace Seeding.Analyzers.Tests.EndToEnd
{
    /// <summary>
    /// The proof the sample makes, for code our fix wrote: the tutorial's unseeded 1-10-1 MLP is
    /// analysed (SEED003), fixed by the same CodeFixProvider the IDE runs, built against the real
    /// TorchSharp-cpu package, and run twice in separate processes. Fixed: the 10 MSEs repeat bit
    /// for bit. Unfixed: they differ.
    /// </summary>
    [Collection(EndToEndCollection.Name)]
    public sealed class FixedProgramReproducesTests
    {
        private readonly ITestOutputHelper _output;

        public FixedProgramReproducesTests(ITestOutputHelper output) => _output = output;

        [Fact]
        public async Task SeedingFixMakesTheMlpReproducible()
        {
            var unfixed = File.ReadAllText(Path.Combine(TestReferences.RepositoryRoot, "tests", "EndToEnd", "Fixtures", "UnseededMlp.cs.txt"));

            var (diagnostics, fixedSource) = await AnalyzeAndFixAsync(unfixed);
            Assert.Contains(diagnostics, d => d.Id == DiagnosticIds.MissingTorchSeed);
            _output.WriteLine("--- fixed program ---\n" + fixedSource);
            Assert.Contains("manual_seed(42);", fixedSource);
            Assert.Empty((await AnalyzeAndFixAsync(fixedSource)).Diagnostics);

            // About 0.6 GB once built (libtorch for this machine only): removed whatever happens,
            // so that repeated runs on one machine do not fill its disk.
            var project = CreateProject();
            string[][] unfixedRuns, fixedRuns;
            try
            {
                unfixedRuns = new[] { BuildAndRun(project, unfixed), RunAgain(project) };
                fixedRuns = new[] { BuildAndRun(project, fixedSource), RunAgain(project) };
            }
            finally
            {
                Directory.Delete(project, recursive: true);
            }

            Assert.All(unfixedRuns.Concat(fixedRuns), run => Assert.Equal(10, run.Length));
            Assert.Equal(fixedRuns[0], fixedRuns[1]);
            Assert.NotEqual(unfixedRuns[0], unfixedRuns[1]);
        }

        /// <summary>Runs SEED003 on a top-level program and applies its fix as the IDE would.</summary>
        private static async Task<(ImmutableArray<Diagnostic> Diagnostics, string FixedSource)> AnalyzeAndFixAsync(string source)
        {
            using var workspace = new AdhocWorkspace();
            var projectId = ProjectId.CreateNewId();
            var documentId = DocumentId.CreateNewId(projectId);
            var solution = workspace.CurrentSolution
                .AddProject(ProjectInfo.Create(
                    projectId,
                    VersionStamp.Default,
                    "Mlp",
                    "Mlp",
                    LanguageNames.CSharp,
                    compilationOptions: new CSharpCompilationOptions(OutputKind.ConsoleApplication),
                    parseOptions: new CSharpParseOptions(LanguageVersion.Latest),
                    metadataReferences: TestReferences.For(Libraries.TorchSharp)))
                .AddDocument(documentId, "Program.cs", SourceText.From(source));
            var document = solution.GetDocument(documentId)!;
            var compilation = (await document.Project.GetCompilationAsync())!;
            Assert.Empty(compilation.GetDiagnostics().Where(d => d.Severity == DiagnosticSeverity.Error));

            var diagnostics = await compilation
                .WithAnalyzers(ImmutableArray.Create<DiagnosticAnalyzer>(new MissingTorchSeedAnalyzer()))
                .GetAnalyzerDiagnosticsAsync();
            if (diagnostics.IsEmpty)
            {
                return (diagnostics, source);
            }

            var actions = new List<CodeAction>();
            var fixer = new MissingTorchSeedCodeFixProvider();
            var context = new CodeFixContext(document, diagnostics[0], (action, _) => actions.Add(action), CancellationToken.None);
            await fixer.RegisterCodeFixesAsync(context);
            var action = Assert.Single(actions);
            Assert.Equal(MissingTorchSeedCodeFixProvider.SeedAtEntryPointKey, action.EquivalenceKey);

            var operations = await action.GetOperationsAsync(CancellationToken.None);
            var changed = Assert.Single(operations.OfType<ApplyChangesOperation>()).ChangedSolution;
            var text = await changed.GetDocument(documentId)!.GetTextAsync();
            return (diagnostics, text.ToString());
        }

        private static string CreateProject()
        {
            var directory = Directory.CreateTempSubdirectory("seeding-mlp-").FullName;
            var weakenTargets = Path.Combine(TestReferences.RepositoryRoot, "src", "Sample", "build", "WeakenVersionNeed.targets");
            File.WriteAllText(Path.Combine(directory, "Mlp.csproj"), $"""
                <Project Sdk="Microsoft.NET.Sdk">
                  <PropertyGroup>
                    <OutputType>Exe</OutputType>
                    <TargetFramework>net10.0</TargetFramework>
                    <Nullable>enable</Nullable>
                    <!-- Only this machine's native libraries: libtorch for every platform is over 1 GB. -->
                    <RuntimeIdentifier>$(NETCoreSdkRuntimeIdentifier)</RuntimeIdentifier>
                    <SelfContained>false</SelfContained>
                    <OutDir>$(MSBuildProjectDirectory)/out/</OutDir>
                  </PropertyGroup>
                  <ItemGroup>
                    <PackageReference Include="TorchSharp-cpu" Version="0.107.0" />
                  </ItemGroup>
                  <!-- The sample's Debian 12 fix for TorchSharp's native bridge (see the README). -->
                  <Import Project="{weakenTargets}" />
                </Project>
                """);
            return directory;
        }

        private string[] BuildAndRun(string project, string source)
        {
            File.WriteAllText(Path.Combine(project, "Program.cs"), source);
            var build = ProcessRunner.Dotnet(project, null, "build", "-c", "Release", "--nologo");
            Assert.True(build.ExitCode == 0, build.ToString());
            return RunAgain(project);
        }

        private string[] RunAgain(string project)
        {
            var run = ProcessRunner.Dotnet(project, null, Path.Combine("out", "Mlp.dll"));
            _output.WriteLine(run.ToString());
            Assert.True(run.ExitCode == 0, run.ToString());
            return run.Output
                .Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
                .Select(line => line.Split(' ')[0])
                .Where(bits => bits.Length == 8 && bits.All(Uri.IsHexDigit))
                .ToArray();
        }
    }
}
