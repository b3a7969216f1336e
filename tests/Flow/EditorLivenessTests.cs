using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Seeding.Analyzers.Flow;
using Seeding.Analyzers.Rules;
using Seeding.Analyzers.Tests.Infrastructure;
using Seeding.Analyzers.Tests.Robustness;
using Xunit;

namespace Seeding.Analyzers.Tests.Flow
{
    /// <summary>
    /// SEED002 and SEED003 while typing: after a first analysis of the program, each edit makes a
    /// new compilation in which only the edited tree is new, and the editor analyses one document.
    /// The rules must report there, from a local action, having summarised only the edited tree;
    /// and an edit that changes what another tree's calls bind to must never leave a stale answer.
    /// SEED003 reports in the entry point's file, so a draw typed in another file shows there.
    /// </summary>
    public sealed class EditorLivenessTests
    {
        private const string ProgramText = """
            using TorchSharp;

            class Program
            {
                static void Main()
                {
                    var net = new Net();
                    torch.manual_seed(1);
                    Helpers.Report(net);
                }
            }
            """;

        private const string NetText = """
            using TorchSharp;
            using TorchSharp.Modules;

            class Net
            {
                private readonly Linear _fc = torch.nn.Linear(1, 1);

                public Net()
                {
                    System.Console.WriteLine("built");
                }
            }
            """;

        private const string ModelsText = """
            using TorchSharp;

            static class Models
            {
                public static object Build(long size) => torch.rand(size);
            }
            """;

        private const string HelpersText = """
            static class Helpers
            {
                public static void Report(object value)
                {
                    System.Console.WriteLine(value);
                }
            }
            """;

        private const string GpuText = """
            using TorchSharp;

            static class Gpu
            {
                public static void Go()
                {
                    var t = torch.ones(1).cuda();
                }
            }
            """;

        /// <summary>The same program without its seed.</summary>
        private static readonly string Unseeded = ProgramText.Replace(
            "torch.manual_seed(1);",
            "System.Console.WriteLine();");

        private static readonly ImmutableArray<DiagnosticAnalyzer> Rules =
            ImmutableArray.Create<DiagnosticAnalyzer>(new SeedAfterDrawAnalyzer(), new MissingTorchSeedAnalyzer());

        [Fact]
        public async Task AnEditInTheFileOfTheFindingReportsItLiveAndSummarisesOnlyThatFile()
        {
            var first = Program();
            var full = await FullAsync(first);
            Assert.Contains(full, d => d.Id == DiagnosticIds.SeedAfterDraw && Path(d) == "/Program.cs");
            Assert.DoesNotContain(full, d => d.Id == DiagnosticIds.MissingTorchSeed); // the late seed is one defect: SEED002's

            var edited = Edit(
                first,
                "/Program.cs",
                "torch.manual_seed(1);",
                "torch.manual_seed(1);\n        var typed = 2;");
            var (local, nonLocal) = await DocumentAsync(edited, "/Program.cs");

            var late = Assert.Single(local, d => d.Id == DiagnosticIds.SeedAfterDraw);
            Assert.Equal("new Net()", late.GetMessage().Split(" runs after ")[1].Split(" (line")[0]);
            Assert.Empty(nonLocal);
            AssertOnlySummarised(edited, "/Program.cs");
        }

        [Fact]
        public async Task AfterAnEditElsewhereTheFileOfTheFindingIsStillLive()
        {
            var first = Program();
            await FullAsync(first);

            var edited = Edit(
                first,
                "/Helpers.cs",
                "System.Console.WriteLine(value);",
                "System.Console.WriteLine(value);\n        System.Console.WriteLine();");

            // The editor analyses the document being typed in, then the other open ones.
            await DocumentAsync(edited, "/Helpers.cs");
            var carried = FlowProgram.EffectsCarriedOver(edited.Options, Generator.TorchCpu);
            var (local, _) = await DocumentAsync(edited, "/Program.cs");

            Assert.Contains(local, d => d.Id == DiagnosticIds.SeedAfterDraw);
            AssertOnlySummarised(edited, "/Helpers.cs");

            // The edit neither seeds, draws nor calls into the project: the edited compilation's
            // solver started from the effects the full analysis had solved.
            Assert.True(carried > 0);
        }

        [Fact]
        public async Task ANewDrawTypedInACalleeIsSeenInTheCallerAtOnce()
        {
            // Helpers.Report runs after the seed: a draw typed into it is seeded, no SEED003 anywhere...
            var first = Program();
            await FullAsync(first);
            var seeded = Edit(
                first,
                "/Helpers.cs",
                "System.Console.WriteLine(value);",
                "System.Console.WriteLine(TorchSharp.torch.rand(1));");
            var (inHelpers, _) = await DocumentAsync(seeded, "/Helpers.cs");
            var (inProgram, _) = await DocumentAsync(seeded, "/Program.cs");
            Assert.DoesNotContain(inHelpers, d => d.Id == DiagnosticIds.MissingTorchSeed);
            Assert.DoesNotContain(inProgram, d => d.Id == DiagnosticIds.MissingTorchSeed);
            Assert.Contains(inProgram, d => d.Id == DiagnosticIds.SeedAfterDraw);

            // ...but in a program that never seeds, where Main calls Report first, the draw typed
            // into it moves Main's SEED003 from `new Net()` to that call, live, in Program.cs.
            var unseeded = Program(Unseeded.Replace(
                "var net = new Net();",
                "Helpers.Report(0);\n        var net = new Net();"));
            var before = await FullAsync(unseeded);
            Assert.StartsWith("new Net() draws", Assert.Single(before, d => d.Id == DiagnosticIds.MissingTorchSeed).GetMessage(), System.StringComparison.Ordinal);

            var typed = Edit(
                unseeded,
                "/Helpers.cs",
                "System.Console.WriteLine(value);",
                "System.Console.WriteLine(TorchSharp.torch.rand(1));");
            await DocumentAsync(typed, "/Helpers.cs");
            var (local, nonLocal) = await DocumentAsync(typed, "/Program.cs");
            var missing = Assert.Single(local, d => d.Id == DiagnosticIds.MissingTorchSeed);
            Assert.StartsWith("Helpers.Report(0) draws from TorchSharp's global generator (TorchSharp.torch.rand(1) in Helpers.Report, Helpers.cs:5)", missing.GetMessage(), System.StringComparison.Ordinal);
            Assert.Equal("/Helpers.cs", Assert.Single(missing.AdditionalLocations).SourceTree!.FilePath);
            Assert.Empty(nonLocal);
            AssertOnlySummarised(typed, "/Helpers.cs");
        }

        [Fact]
        public async Task AnInitialiserAddedElsewhereIsSeenByTheTreesThatCreateTheType()
        {
            var first = Program(Unseeded);
            var before = await FullAsync(first);
            Assert.Contains("(torch.nn.Linear(1, 1) in the initialiser of Net._fc, Net.cs:6)", Assert.Single(before, d => d.Id == DiagnosticIds.MissingTorchSeed).GetMessage(), System.StringComparison.Ordinal);

            // Net gains an initialiser that draws, ahead of the other: `new Net()` in Program.cs now
            // runs it first, though Program.cs is unchanged. Which members have initialisers is part
            // of the declaration shape, so Program.cs's kept summary is not reused.
            var edited = Edit(
                first,
                "/Net.cs",
                "private readonly Linear _fc = torch.nn.Linear(1, 1);",
                "private readonly object _extra = torch.rand(2);\n    private readonly Linear _fc = torch.nn.Linear(1, 1);");
            var after = await FullAsync(edited);
            var missing = Assert.Single(after, d => d.Id == DiagnosticIds.MissingTorchSeed);
            Assert.Equal("/Program.cs", Path(missing));
            Assert.Contains("(torch.rand(2) in the initialiser of Net._extra, Net.cs:6)", missing.GetMessage(), System.StringComparison.Ordinal);
            Assert.Equal(2, FlowProgram.TimesSummarised(edited.SyntaxTrees.Single(t => t.FilePath == "/Program.cs")));
        }

        /// <summary>With the seed after Build, SEED002 has the finding; without it, SEED003. Neither may outlive the edit.</summary>
        [Theory]
        [InlineData(true)]
        [InlineData(false)]
        public async Task AnEditThatChangesWhatACallBindsToNeverLeavesAStaleAnswer(bool seedAfter)
        {
            var program = (seedAfter ? ProgramText : Unseeded)
                .Replace(
                    "var net = new Net();",
                    "var built = Models.Build(1);")
                .Replace(
                    "Helpers.Report(net);",
                    "Helpers.Report(built);");
            var expected = seedAfter ? DiagnosticIds.SeedAfterDraw : DiagnosticIds.MissingTorchSeed;
            var first = Program(program);
            var before = await FullAsync(first);
            Assert.Equal("/Program.cs", Path(Assert.Single(before)));
            Assert.Equal(expected, Assert.Single(before).Id);

            // A new overload Build(int) that does not draw: Main's Build(1) now binds to it,
            // though Program.cs is unchanged.
            var overload = Edit(
                first,
                "/Models.cs",
                "public static object Build(long size) => torch.rand(size);",
                "public static object Build(long size) => torch.rand(size);\n    public static object Build(int size) => size;");

            // One document analysed on its own, the others' summaries no longer valid: nothing
            // exact can be said yet, so nothing is said...
            var (local, _) = await DocumentAsync(overload, "/Program.cs");
            Assert.DoesNotContain(local, d => d.Id == expected);

            // ...and the whole analysis gives the new answer: Models.Build(long) no longer runs.
            var after = await FullAsync(overload);
            Assert.DoesNotContain(after, d => d.Id == DiagnosticIds.MissingTorchSeed);
            Assert.DoesNotContain(after, d => d.Id == DiagnosticIds.SeedAfterDraw);
        }

        [Fact]
        public async Task ADrawTypedIntoACalleeIsNotAnsweredFromTheEffectsSolvedBefore()
        {
            // Main calls Helpers.Report before it seeds; Report draws nothing yet.
            var program = ProgramText
                .Replace("var net = new Net();", "Helpers.Report(0);")
                .Replace("Helpers.Report(net);", "System.Console.WriteLine();");
            var first = Program(program);
            var before = await FullAsync(first);
            Assert.DoesNotContain(before, d => d.Id == DiagnosticIds.SeedAfterDraw);

            // Now it does: Main's seed comes after a draw, though Program.cs is unchanged.
            var edited = Edit(
                first,
                "/Helpers.cs",
                "System.Console.WriteLine(value);",
                "System.Console.WriteLine(TorchSharp.torch.rand(1));");
            await DocumentAsync(edited, "/Helpers.cs");
            Assert.Equal(0, FlowProgram.EffectsCarriedOver(edited.Options, Generator.TorchCpu));
            var (local, _) = await DocumentAsync(edited, "/Program.cs");

            var late = Assert.Single(local, d => d.Id == DiagnosticIds.SeedAfterDraw);
            Assert.Contains("Helpers.Report(0)", late.GetMessage(), System.StringComparison.Ordinal);
        }

        [Fact]
        public async Task AWholeProgramFindingFollowsEditsOfItsOwnFileAndSurvivesEditsElsewhere()
        {
            var program = """
                using TorchSharp;

                class Program
                {
                    static void Main()
                    {
                        torch.manual_seed(1);
                        Gpu.Go();
                    }
                }
                """;
            var first = CSharpCompilation.Create(
                "Gpu",
                new[] { Parse(program, "/Program.cs"), Parse(GpuText, "/Gpu.cs") },
                TestReferences.For(Libraries.TorchSharp),
                new CSharpCompilationOptions(OutputKind.ConsoleApplication));
            var gpuRule = ImmutableArray.Create<DiagnosticAnalyzer>(new UnseededGpuGeneratorAnalyzer());
            var full = await FullAsync(first, gpuRule);
            Assert.Equal(6, Assert.Single(full).Location.GetLineSpan().StartLinePosition.Line);

            // An edit elsewhere that changes no seed, draw or call: the same finding, where it was.
            var elsewhere = Edit(first, "/Program.cs", "Gpu.Go();", "Gpu.Go();\n        var typed = 1;");
            await DocumentAsync(elsewhere, "/Program.cs", gpuRule);
            var (kept, _) = await DocumentAsync(elsewhere, "/Gpu.cs", gpuRule);
            Assert.Equal(6, Assert.Single(kept).Location.GetLineSpan().StartLinePosition.Line);

            // Lines typed above it in its own file: the finding moves with the code.
            var above = Edit(elsewhere, "/Gpu.cs", "var t = ", "var typed = 1;\n        var t = ");
            var (moved, _) = await DocumentAsync(above, "/Gpu.cs", gpuRule);
            Assert.Equal(7, Assert.Single(moved).Location.GetLineSpan().StartLinePosition.Line);
        }

        /// <summary>
        /// SEED007's fix anchor (the CPU seed its CUDA seed goes after) follows edits of Main's
        /// structure: once the CPU seed moves into a branch, it is no anchor, as a fresh analysis says.
        /// </summary>
        [Fact]
        public async Task TheCudaFixAnchorFollowsACpuSeedMovedIntoABranch()
        {
            var program = """
                using TorchSharp;

                class Program
                {
                    static void Main(string[] args)
                    {
                        torch.manual_seed(1);
                        Gpu.Go();
                    }
                }
                """;
            var first = CSharpCompilation.Create(
                "Anchor",
                new[] { Parse(program, "/Program.cs"), Parse(GpuText, "/Gpu.cs") },
                TestReferences.For(Libraries.TorchSharp),
                new CSharpCompilationOptions(OutputKind.ConsoleApplication));
            var gpuRule = ImmutableArray.Create<DiagnosticAnalyzer>(new UnseededGpuGeneratorAnalyzer());
            var anchored = Assert.Single(await FullAsync(first, gpuRule));
            Assert.Single(anchored.AdditionalLocations);

            var branched = Edit(first, "/Program.cs", "torch.manual_seed(1);", "if (args.Length == 0) torch.manual_seed(1);");
            await DocumentAsync(branched, "/Program.cs", gpuRule);
            var (live, _) = await DocumentAsync(branched, "/Gpu.cs", gpuRule);
            Assert.Empty(Assert.Single(live).AdditionalLocations);
            Assert.Empty(Assert.Single(await FullAsync(branched, gpuRule)).AdditionalLocations);
        }

        /// <summary>
        /// What is solved for one generator stands while events of another are typed: a CPU draw
        /// keeps the CUDA generator's effects, a CUDA use keeps the CPU generator's; and a CUDA use
        /// typed before the CUDA seed is found at once, not answered from before.
        /// </summary>
        [Fact]
        public async Task EventsTypedForOneGeneratorKeepWhatWasSolvedForTheOther()
        {
            var program = """
                using TorchSharp;

                class Program
                {
                    static void Main()
                    {
                        torch.manual_seed(1);
                        Helpers.Report(0);
                        torch.cuda.manual_seed_all(1);
                        Gpu.Go();
                    }
                }
                """;
            var first = CSharpCompilation.Create(
                "Generators",
                new[] { Parse(program, "/Program.cs"), Parse(GpuText, "/Gpu.cs"), Parse(HelpersText, "/Helpers.cs") },
                TestReferences.For(Libraries.TorchSharp),
                new CSharpCompilationOptions(OutputKind.ConsoleApplication));
            var rules = ImmutableArray.Create<DiagnosticAnalyzer>(new SeedAfterDrawAnalyzer(), new MissingTorchSeedAnalyzer(), new UnseededGpuGeneratorAnalyzer());
            Assert.Empty(await FullAsync(first, rules)); // the GPU work runs after the CUDA seed

            var cpuDraw = Edit(first, "/Helpers.cs", "System.Console.WriteLine(value);", "System.Console.WriteLine(TorchSharp.torch.rand(1));");
            var (afterCpuDraw, _) = await DocumentAsync(cpuDraw, "/Helpers.cs", rules);
            Assert.Empty(afterCpuDraw);
            Assert.Equal(0, FlowProgram.EffectsCarriedOver(cpuDraw.Options, Generator.TorchCpu));
            Assert.True(FlowProgram.EffectsCarriedOver(cpuDraw.Options, Generator.TorchCuda) > 0);
            var (inMain, _) = await DocumentAsync(cpuDraw, "/Program.cs", rules); // solves the CPU generator's effects from Main
            Assert.Empty(inMain);

            var cudaUse = Edit(cpuDraw, "/Helpers.cs", "System.Console.WriteLine(TorchSharp.torch.rand(1));", "System.Console.WriteLine(TorchSharp.torch.rand(1).cuda());");
            var (afterCudaUse, _) = await DocumentAsync(cudaUse, "/Helpers.cs", rules);
            Assert.Equal(0, FlowProgram.EffectsCarriedOver(cudaUse.Options, Generator.TorchCuda));
            Assert.True(FlowProgram.EffectsCarriedOver(cudaUse.Options, Generator.TorchCpu) > 0);

            // The finding is the new use itself, live in the file typed in: it runs before the CUDA
            // seed (Helpers.cs sorts before Program.cs, where the call leading to it is).
            var late = Assert.Single(afterCudaUse);
            Assert.Equal(DiagnosticIds.UnseededGpuGenerator, late.Id);
            Assert.StartsWith("'cuda()' uses CUDA before", late.GetMessage(), System.StringComparison.Ordinal);
            var (inMainAfterCudaUse, _) = await DocumentAsync(cudaUse, "/Program.cs", rules);
            Assert.Empty(inMainAfterCudaUse);
        }

        /// <summary>
        /// A seed of another generator typed where the state of a goto from outside a try reaches
        /// (a label inside it): the answers carried for the CPU generator must be those a fresh
        /// analysis gives, as the CPU generator's digest is unchanged.
        /// </summary>
        [Fact]
        public async Task AnotherGeneratorsSeedAfterALabelInATryLeavesTheAnswersAFreshAnalysisGives()
        {
            var program = """
                using TorchSharp;

                class Program
                {
                    static void Main(string[] args)
                    {
                        if (args.Length == 0) goto Done;
                        torch.manual_seed(1);
                        try
                        {
                        Again:
                            System.Console.WriteLine(2);
                        }
                        catch
                        {
                            var t = torch.rand(1);
                        }
                    Done:
                        System.Console.WriteLine();
                    }
                }
                """;
            var first = CSharpCompilation.Create(
                "Label",
                new[] { Parse(program, "/Program.cs") },
                TestReferences.For(Libraries.TorchSharp),
                new CSharpCompilationOptions(OutputKind.ConsoleApplication));
            var rules = ImmutableArray.Create<DiagnosticAnalyzer>(new SeedAfterDrawAnalyzer(), new MissingTorchSeedAnalyzer(), new UnseededGpuGeneratorAnalyzer());
            var before = await FullAsync(first, rules);

            var edited = Edit(
                first,
                "/Program.cs",
                "System.Console.WriteLine(2);",
                "torch.cuda.manual_seed_all(1);");
            var (live, _) = await DocumentAsync(edited, "/Program.cs", rules);

            var fresh = CSharpCompilation.Create(
                "Label",
                new[] { Parse(edited.SyntaxTrees.Single().GetText().ToString(), "/Program.cs") },
                TestReferences.For(Libraries.TorchSharp),
                new CSharpCompilationOptions(OutputKind.ConsoleApplication));
            var expected = await FullAsync(fresh, rules);
            Assert.Contains(expected, d => d.Id == DiagnosticIds.MissingTorchSeed);
            Assert.Equal(Describe(expected), Describe(live));
            Assert.Equal(Describe(before.Where(d => d.Id != DiagnosticIds.UnseededGpuGenerator)), Describe(live.Where(d => d.Id != DiagnosticIds.UnseededGpuGenerator)));

            static string Describe(System.Collections.Generic.IEnumerable<Diagnostic> diagnostics)
                => string.Join("\n", diagnostics.Select(d => d.Id + " " + d.Location.GetLineSpan().StartLinePosition + " " + d.GetMessage()).OrderBy(text => text, System.StringComparer.Ordinal));
        }

        [Fact]
        public async Task TheEntryPointsFindingNeverPointsIntoAnOldTree()
        {
            // No seed at all: SEED003 at `new Net()` in Main, the draw in Net.cs as additional location.
            var first = Program(ProgramText.Replace("torch.manual_seed(1);", "System.Console.WriteLine();"));
            var full = await FullAsync(first);
            Assert.Contains(full, d => d.Id == DiagnosticIds.MissingTorchSeed && Path(d) == "/Program.cs");

            // Edits that change no seed, draw or call, first in a file the finding does not show...
            var elsewhere = Edit(first, "/Helpers.cs", "System.Console.WriteLine(value);", "System.Console.WriteLine(value);\n        var typed = 1;");
            await DocumentAsync(elsewhere, "/Helpers.cs");
            var (kept, _) = await DocumentAsync(elsewhere, "/Program.cs");
            var keptFinding = Assert.Single(kept, d => d.Id == DiagnosticIds.MissingTorchSeed);
            Assert.Same(elsewhere.SyntaxTrees.Single(t => t.FilePath == "/Net.cs"), keptFinding.AdditionalLocations.Single().SourceTree);

            // ...then in the file of its draw: the additional location is in the new tree, a line lower.
            var inNet = Edit(elsewhere, "/Net.cs", "    private readonly Linear", "    // a comment typed above the layer\n    private readonly Linear");
            await DocumentAsync(inNet, "/Net.cs");
            var (moved, _) = await DocumentAsync(inNet, "/Program.cs");
            var movedFinding = Assert.Single(moved, d => d.Id == DiagnosticIds.MissingTorchSeed);
            var newNet = inNet.SyntaxTrees.Single(t => t.FilePath == "/Net.cs");
            Assert.Same(newNet, movedFinding.AdditionalLocations.Single().SourceTree);
            Assert.Equal(
                keptFinding.AdditionalLocations.Single().GetLineSpan().StartLinePosition.Line + 1,
                movedFinding.AdditionalLocations.Single().GetLineSpan().StartLinePosition.Line);
        }

        /// <summary>
        /// An auto-property has no code, so calls of it are not in the callers' summaries; when
        /// its accessor gets an arrow body in another file (every token outside code unchanged),
        /// the callers must be summarised again, not kept.
        /// </summary>
        [Fact]
        public async Task AnAccessorThatGetsCodeElsewhereIsSeenByItsCallers()
        {
            const string Holder = """
                using TorchSharp;

                static class Holder
                {
                    public static object Value { get; }

                    public static void Other()
                    {
                        System.Console.WriteLine();
                    }
                }
                """;
            const string Main = """
                using TorchSharp;

                class Program
                {
                    static void Main()
                    {
                        var value = Holder.Value;
                        torch.manual_seed(1);
                    }
                }
                """;
            var first = CSharpCompilation.Create(
                "Editor",
                new[] { Parse(Main, "/Program.cs"), Parse(Holder, "/Holder.cs") },
                TestReferences.For(Libraries.TorchSharp),
                new CSharpCompilationOptions(OutputKind.ConsoleApplication));
            Assert.Empty(await FullAsync(first));

            var edited = Edit(first, "/Holder.cs", "{ get; }", "{ get => torch.rand(1); }");
            var late = Assert.Single(await FullAsync(edited), d => d.Id == DiagnosticIds.SeedAfterDraw);
            Assert.Equal("/Program.cs", Path(late));
        }

        /// <summary>
        /// An editor that analyses only open files, in a session where nothing was analysed
        /// before: while a file with code has never been analysed, its summary is missing, and the
        /// answer is withheld rather than guessed (no SEED002, no SEED003 anywhere). Once each file
        /// with code has been analysed once (opened), the program is complete and the file of the
        /// finding reports it, with the same findings as a full analysis.
        /// </summary>
        [Fact]
        public async Task AColdSessionWithholdsTheAnswerUntilEveryFileWithCodeWasAnalysedOnce()
        {
            var program = Program();
            var (first, firstElsewhere) = await DocumentAsync(program, "/Program.cs");
            Assert.DoesNotContain(first, d => d.Id is DiagnosticIds.SeedAfterDraw or DiagnosticIds.MissingTorchSeed);
            Assert.Empty(firstElsewhere);

            foreach (var path in new[] { "/Net.cs", "/Models.cs", "/Helpers.cs" })
            {
                await DocumentAsync(program, path);
            }

            var (live, _) = await DocumentAsync(program, "/Program.cs");
            var late = Assert.Single(live, d => d.Id == DiagnosticIds.SeedAfterDraw);
            var full = await FullAsync(program);
            Assert.Equal(
                Assert.Single(full, d => d.Id == DiagnosticIds.SeedAfterDraw).GetMessage(),
                late.GetMessage());
        }

        /// <summary>
        /// In a cold session, a late seed whose answer does not depend on other files (the draw
        /// and everything that runs before the seed are in its own file; what runs after it does
        /// not matter) is reported on the file's first analysis, with the message a full analysis
        /// gives. When a call into another file runs between the draw and the seed (it might
        /// seed), the answer waits for that file.
        /// </summary>
        [Fact]
        public async Task ALateSeedSettledByItsOwnFileIsReportedBeforeTheOtherFilesAreAnalysed()
        {
            const string SeedAfterLayer = """
                using TorchSharp;

                class Program
                {
                    static void Main()
                    {
                        var layer = torch.nn.Linear(1, 1);
                        torch.manual_seed(1);
                        Helpers.Report(layer);
                    }
                }
                """;
            var settled = Program(SeedAfterLayer);
            var (early, _) = await DocumentAsync(settled, "/Program.cs");
            var late = Assert.Single(early, d => d.Id == DiagnosticIds.SeedAfterDraw);
            Assert.Contains("torch.nn.Linear(1, 1)", late.GetMessage());
            Assert.Equal(
                Assert.Single(await FullAsync(settled), d => d.Id == DiagnosticIds.SeedAfterDraw).ToString(),
                late.ToString());

            const string SeedAfterACallElsewhere = """
                using TorchSharp;

                class Program
                {
                    static void Main()
                    {
                        var layer = torch.nn.Linear(1, 1);
                        Helpers.Report(layer);
                        torch.manual_seed(1);
                    }
                }
                """;
            var open = Program(SeedAfterACallElsewhere);
            var (waiting, _) = await DocumentAsync(open, "/Program.cs");
            Assert.DoesNotContain(waiting, d => d.Id == DiagnosticIds.SeedAfterDraw);
            foreach (var path in new[] { "/Net.cs", "/Models.cs", "/Helpers.cs" })
            {
                await DocumentAsync(open, path);
            }

            var (live, _) = await DocumentAsync(open, "/Program.cs");
            Assert.Contains("torch.nn.Linear(1, 1)", Assert.Single(live, d => d.Id == DiagnosticIds.SeedAfterDraw).GetMessage());
        }

        /// <summary>
        /// SEED003 in a cold session: when nothing the entry point runs can run another file's
        /// code, its file settles the finding, and the first analysis reports it with the message
        /// a full analysis gives (which then reports it once). When the entry point calls into
        /// another file (which might seed first), the answer waits for that file.
        /// </summary>
        [Fact]
        public async Task AMissingSeedSettledByTheEntryPointsFileIsReportedBeforeTheOtherFilesAreAnalysed()
        {
            const string DrawsOnItsOwn = """
                using TorchSharp;

                class Program
                {
                    static void Main()
                    {
                        var data = Load(8);
                        var layer = torch.nn.Linear(1, 1);
                    }

                    static torch.Tensor Load(int n)
                    {
                        var values = torch.zeros(n);
                        return values;
                    }
                }
                """;
            var settled = Program(DrawsOnItsOwn);
            var (early, _) = await DocumentAsync(settled, "/Program.cs");
            var missing = Assert.Single(early, d => d.Id == DiagnosticIds.MissingTorchSeed);
            Assert.Contains("torch.nn.Linear(1, 1)", missing.GetMessage());
            Assert.Equal(
                Assert.Single(await FullAsync(settled), d => d.Id == DiagnosticIds.MissingTorchSeed).ToString(),
                missing.ToString());

            const string CallsElsewhereFirst = """
                using TorchSharp;

                class Program
                {
                    static void Main()
                    {
                        Helpers.Report(null);
                        var layer = torch.nn.Linear(1, 1);
                    }
                }
                """;
            var open = Program(CallsElsewhereFirst);
            var (waiting, _) = await DocumentAsync(open, "/Program.cs");
            Assert.DoesNotContain(waiting, d => d.Id == DiagnosticIds.MissingTorchSeed);
            foreach (var path in new[] { "/Net.cs", "/Models.cs", "/Helpers.cs" })
            {
                await DocumentAsync(open, path);
            }

            var (live, _) = await DocumentAsync(open, "/Program.cs");
            Assert.Contains("torch.nn.Linear(1, 1)", Assert.Single(live, d => d.Id == DiagnosticIds.MissingTorchSeed).GetMessage());
        }

        /// <summary>
        /// A program whose code is all in one file (beside files with no code: assembly
        /// attributes, global usings, as an SDK project generates them) is complete as soon as
        /// that file is analysed: the first analysis of a cold session reports.
        /// </summary>
        [Fact]
        public async Task AProgramWithAllItsCodeInOneFileIsLiveFromItsFirstAnalysis()
        {
            const string OneFile = """
                using TorchSharp;

                class Program
                {
                    static void Main()
                    {
                        var net = new Net();
                        torch.manual_seed(1);
                    }
                }

                class Net
                {
                    private readonly TorchSharp.Modules.Linear _fc = torch.nn.Linear(1, 1);
                }
                """;
            var program = CSharpCompilation.Create(
                "Editor",
                new[]
                {
                    Parse(OneFile, "/Program.cs"),
                    Parse("[assembly: System.Reflection.AssemblyTitle(\"Editor\")]\n", "/obj/Editor.AssemblyInfo.cs"),
                    Parse("global using global::System;\n", "/obj/Editor.GlobalUsings.g.cs"),
                },
                TestReferences.For(Libraries.TorchSharp),
                new CSharpCompilationOptions(OutputKind.ConsoleApplication));
            Assert.DoesNotContain(program.GetDiagnostics(), d => d.Severity == DiagnosticSeverity.Error);

            var (local, _) = await DocumentAsync(program, "/Program.cs");
            var late = Assert.Single(local, d => d.Id == DiagnosticIds.SeedAfterDraw);
            Assert.Contains("new Net()", late.GetMessage());
        }

        private static string Path(Diagnostic diagnostic) => diagnostic.Location.SourceTree!.FilePath;

        /// <summary>The edited tree was summarised once; every other tree of the edited compilation only once ever (in the first analysis).</summary>
        private static void AssertOnlySummarised(Compilation edited, string path)
        {
            foreach (var tree in edited.SyntaxTrees)
            {
                Assert.Equal(1, FlowProgram.TimesSummarised(tree));
            }

            Assert.Contains(edited.SyntaxTrees, tree => tree.FilePath == path);
        }

        private static Compilation Program(string programText = ProgramText)
            => CSharpCompilation.Create(
                "Editor",
                new[] { Parse(programText, "/Program.cs"), Parse(NetText, "/Net.cs"), Parse(ModelsText, "/Models.cs"), Parse(HelpersText, "/Helpers.cs") },
                TestReferences.For(Libraries.TorchSharp),
                new CSharpCompilationOptions(OutputKind.ConsoleApplication));

        private static SyntaxTree Parse(string text, string path) => RobustnessHarness.Parse(text, path);

        /// <summary>A new compilation with one tree's text changed; every other tree is the same object.</summary>
        private static Compilation Edit(Compilation compilation, string path, string find, string replace)
        {
            var old = compilation.SyntaxTrees.Single(t => t.FilePath == path);
            var text = old.GetText().ToString();
            Assert.Contains(find, text);
            return compilation.ReplaceSyntaxTree(old, Parse(text.Replace(find, replace), path));
        }

        private static async Task<ImmutableArray<Diagnostic>> FullAsync(Compilation compilation, ImmutableArray<DiagnosticAnalyzer> rules = default)
        {
            Assert.DoesNotContain(compilation.GetDiagnostics(), d => d.Severity == DiagnosticSeverity.Error);
            return await compilation.WithAnalyzers(rules.IsDefault ? Rules : rules).GetAnalyzerDiagnosticsAsync(CancellationToken.None);
        }

        /// <summary>Per-document analysis on a fresh CompilationWithAnalyzers, as an editor does per snapshot: what was reported locally, and otherwise.</summary>
        private static async Task<(ImmutableArray<Diagnostic> Local, ImmutableArray<Diagnostic> NonLocal)> DocumentAsync(
            Compilation compilation, string path, ImmutableArray<DiagnosticAnalyzer> rules = default)
        {
            var tree = compilation.SyntaxTrees.Single(t => t.FilePath == path);
            var model = compilation.GetSemanticModel(tree);
            var result = await compilation.WithAnalyzers(rules.IsDefault ? Rules : rules).GetAnalysisResultAsync(model, null, CancellationToken.None);
            var local = result.SemanticDiagnostics.TryGetValue(tree, out var byAnalyzer)
                ? byAnalyzer.Values.SelectMany(d => d).ToImmutableArray()
                : ImmutableArray<Diagnostic>.Empty;
            return (local, result.CompilationDiagnostics.Values.SelectMany(d => d).ToImmutableArray());
        }
    }
}
