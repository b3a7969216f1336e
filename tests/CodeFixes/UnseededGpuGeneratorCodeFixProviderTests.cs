using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Seeding.Analyzers.CodeFixes.Rules;
using Seeding.Analyzers.Rules;
using Seeding.Analyzers.Tests.Infrastructure;
using Xunit;
using CodeFixTestBehaviors = Microsoft.CodeAnalysis.Testing.CodeFixTestBehaviors;
using DiagnosticResult = Microsoft.CodeAnalysis.Testing.DiagnosticResult;

namespace Seeding.Analyzers.Tests.CodeFixes
{
    /// <summary>
    /// SEED007's fix, and through it the shared EntryPoints helper (finding Main or the top-level
    /// statements, inserting first or after an anchor, adding <c>using TorchSharp;</c>).
    /// The framework also runs Fix All in document, project and solution scope on every case.
    /// SEED007 is reported live (from a local action) when the whole program is at hand, as in
    /// every one-file case here. In a cold analysis of several files, what needs another file
    /// is reported at the end of the compilation, a non-local diagnostic; the testing library
    /// refuses fixes for those unless told otherwise, hence SkipLocalDiagnosticCheck in the
    /// multi-file cases only.
    /// </summary>
    public sealed class UnseededGpuGeneratorCodeFixProviderTests
    {
        private const string Key = UnseededGpuGeneratorCodeFixProvider.SeedCudaGeneratorsKey;

        /// <summary>The diagnostic at markup 0 naming <paramref name="use"/>; with an anchor, its additional location is markup 1.</summary>
        private static DiagnosticResult Gpu(string use, bool anchor)
        {
            var result = new DiagnosticResult(Descriptors.UnseededGpuGenerator).WithLocation(0).WithArguments("'" + use + "'");
            return anchor ? result.WithLocation(1) : result;
        }

        private static CodeFixTest<UnseededGpuGeneratorAnalyzer, UnseededGpuGeneratorCodeFixProvider> Test(
            string source, string fixedSource, DiagnosticResult expected, OutputKind kind = OutputKind.ConsoleApplication, string? editorConfig = null)
        {
            var test = new CodeFixTest<UnseededGpuGeneratorAnalyzer, UnseededGpuGeneratorCodeFixProvider>(Libraries.TorchSharp)
            {
                TestCode = source,
                FixedCode = fixedSource,
                CodeActionEquivalenceKey = Key,
            };
            test.TestState.OutputKind = kind;
            test.FixedState.OutputKind = kind;
            test.ExpectedDiagnostics.Add(expected);
            if (editorConfig is not null)
            {
                test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", editorConfig));
            }

            return test;
        }

        private static Task VerifyAsync(
            string source, string fixedSource, DiagnosticResult expected, OutputKind kind = OutputKind.ConsoleApplication, string? editorConfig = null)
            => Test(source, fixedSource, expected, kind, editorConfig).RunAsync();

        [Fact]
        public Task TopLevelProgramGetsTheCudaSeedRightAfterTheCpuSeedWithTheSameValue()
            => VerifyAsync(
                """
                using TorchSharp;

                // Reproducible runs.
                {|#1:torch.manual_seed(7)|}; // the CPU generator
                var t = torch.ones(3).{|#0:cuda()|};
                """,
                """
                using TorchSharp;

                // Reproducible runs.
                torch.manual_seed(7); // the CPU generator
                torch.cuda.manual_seed_all(7);
                var t = torch.ones(3).cuda();
                """,
                Gpu("cuda()", anchor: true));

        [Fact]
        public Task TopLevelProgramWithoutSeedGetsTheDefaultSeedFirst()
            => VerifyAsync(
                """
                using TorchSharp;

                // Move to the GPU.
                var t = torch.ones(3).{|#0:cuda()|};
                """,
                """
                using TorchSharp;

                torch.cuda.manual_seed_all(42);
                // Move to the GPU.
                var t = torch.ones(3).cuda();
                """,
                Gpu("cuda()", anchor: false));

        [Fact]
        public Task MainWithoutSeedGetsTheConfiguredSeedFirst()
            => VerifyAsync(
                """
                using TorchSharp;

                class Program
                {
                    static void Main()
                    {
                        var device = {|#0:torch.device("cuda")|};
                        Train(device);
                    }

                    static void Train(torch.Device device) { }
                }
                """,
                """
                using TorchSharp;

                class Program
                {
                    static void Main()
                    {
                        torch.cuda.manual_seed_all(2024);
                        var device = torch.device("cuda");
                        Train(device);
                    }

                    static void Train(torch.Device device) { }
                }
                """,
                new DiagnosticResult(Descriptors.UnseededGpuGenerator).WithLocation(0).WithArguments("'torch.device(\"cuda\")'"),
                editorConfig: "root = true\n[*.cs]\nseeding.default_seed = 2024\n");

        [Fact]
        public Task MainWithoutSeedUsesTheProgramsSeedConstant()
            => VerifyAsync(
                """
                using TorchSharp;

                class Program
                {
                    private const int Seed = 1234;

                    static void Main()
                    {
                        var t = torch.ones(3).{|#0:to(DeviceType.CUDA)|};
                    }
                }
                """,
                """
                using TorchSharp;

                class Program
                {
                    private const int Seed = 1234;

                    static void Main()
                    {
                        torch.cuda.manual_seed_all(Seed);
                        var t = torch.ones(3).to(DeviceType.CUDA);
                    }
                }
                """,
                Gpu("to(DeviceType.CUDA)", anchor: false));

        /// <summary>A seed named by a parameter is repeated (in a library, whose first CPU seed anywhere is the anchor).</summary>
        [Fact]
        public Task SeedNamedByAConstantOrParameterIsRepeated()
            => VerifyAsync(
                """
                using TorchSharp;

                public static class Seeds
                {
                    public const long Run = 99;
                }

                public static class Trainer
                {
                    public static torch.Tensor Run()
                    {
                        Setup(Seeds.Run);
                        return torch.ones(3).{|#0:cuda()|};
                    }

                    static void Setup(long seed)
                    {
                        {|#1:torch.manual_seed(seed)|};
                    }
                }
                """,
                """
                using TorchSharp;

                public static class Seeds
                {
                    public const long Run = 99;
                }

                public static class Trainer
                {
                    public static torch.Tensor Run()
                    {
                        Setup(Seeds.Run);
                        return torch.ones(3).cuda();
                    }

                    static void Setup(long seed)
                    {
                        torch.manual_seed(seed);
                        torch.cuda.manual_seed_all(seed);
                    }
                }
                """,
                Gpu("cuda()", anchor: true),
                OutputKind.DynamicallyLinkedLibrary);

        /// <summary>
        /// In a program, a CPU seed in a helper is no anchor, wherever Main calls it (here after the
        /// use, where a CUDA seed put after it would come too late): the CUDA seed goes first in Main.
        /// </summary>
        [Fact]
        public Task AProgramsSeedInAHelperIsNoAnchor()
            => VerifyAsync(
                """
                using TorchSharp;

                class Program
                {
                    static void Main(string[] args)
                    {
                        var t = torch.ones(3).{|#0:cuda()|};
                        Setup();
                    }

                    static void Setup()
                    {
                        torch.manual_seed(1);
                    }
                }
                """,
                """
                using TorchSharp;

                class Program
                {
                    static void Main(string[] args)
                    {
                        torch.cuda.manual_seed_all(42);
                        var t = torch.ones(3).cuda();
                        Setup();
                    }

                    static void Setup()
                    {
                        torch.manual_seed(1);
                    }
                }
                """,
                Gpu("cuda()", anchor: false));

        [Fact]
        public Task GeneratorDeclarationsAreAnchorsAndMemberSeedsAreRepeated()
            => VerifyAsync(
                """
                using TorchSharp;

                class Program
                {
                    static readonly Options Settings = new Options();

                    static void Main()
                    {
                        using var generator = {|#1:torch.random.manual_seed((long)Settings.Seed)|};
                        var t = torch.ones(3).{|#0:cuda()|};
                    }
                }

                class Options
                {
                    public int Seed { get; } = 5;
                }
                """,
                """
                using TorchSharp;

                class Program
                {
                    static readonly Options Settings = new Options();

                    static void Main()
                    {
                        using var generator = torch.random.manual_seed((long)Settings.Seed);
                        torch.cuda.manual_seed_all((long)Settings.Seed);
                        var t = torch.ones(3).cuda();
                    }
                }

                class Options
                {
                    public int Seed { get; } = 5;
                }
                """,
                Gpu("cuda()", anchor: true));

        [Fact]
        public Task SeedComputedByACallIsNotRepeated()
            => VerifyAsync(
                """
                using TorchSharp;

                class Program
                {
                    static void Main()
                    {
                        var g = {|#1:torch.manual_seed(NextSeed())|};
                        var t = torch.ones(3).{|#0:cuda()|};
                    }

                    static long NextSeed() => 3;
                }
                """,
                """
                using TorchSharp;

                class Program
                {
                    static void Main()
                    {
                        var g = torch.manual_seed(NextSeed());
                        torch.cuda.manual_seed_all(42);
                        var t = torch.ones(3).cuda();
                    }

                    static long NextSeed() => 3;
                }
                """,
                Gpu("cuda()", anchor: true));

        [Fact]
        public Task AsyncMainGetsTheSeedFirst()
            => VerifyAsync(
                """
                using System.Threading.Tasks;
                using TorchSharp;

                class Program
                {
                    static async Task Main()
                    {
                        await Task.Yield();
                        var t = torch.ones(3).{|#0:cuda()|};
                    }
                }
                """,
                """
                using System.Threading.Tasks;
                using TorchSharp;

                class Program
                {
                    static async Task Main()
                    {
                        torch.cuda.manual_seed_all(42);
                        await Task.Yield();
                        var t = torch.ones(3).cuda();
                    }
                }
                """,
                Gpu("cuda()", anchor: false));

        [Fact]
        public Task ExpressionBodiedMainBecomesABlock()
            => VerifyAsync(
                """
                using TorchSharp;

                class Program
                {
                    static void Main() => Run();

                    static void Run() => torch.ones(3).{|#0:cuda()|}.print();
                }
                """,
                """
                using TorchSharp;

                class Program
                {
                    static void Main()
                    {
                        torch.cuda.manual_seed_all(42);
                        Run();
                    }

                    static void Run() => torch.ones(3).cuda().print();
                }
                """,
                Gpu("cuda()", anchor: false));

        [Fact]
        public Task ExpressionBodiedMainThatReturnsKeepsItsValue()
            => VerifyAsync(
                """
                using System.Threading.Tasks;
                using TorchSharp;

                class Program
                {
                    static async Task<int> Main() => await Run();

                    static Task<int> Run() => Task.FromResult((int)torch.ones(3).{|#0:cuda()|}.numel());
                }
                """,
                """
                using System.Threading.Tasks;
                using TorchSharp;

                class Program
                {
                    static async Task<int> Main()
                    {
                        torch.cuda.manual_seed_all(42);
                        return await Run();
                    }

                    static Task<int> Run() => Task.FromResult((int)torch.ones(3).cuda().numel());
                }
                """,
                Gpu("cuda()", anchor: false));

        [Fact]
        public Task ExpressionBodiedMainThatThrowsBecomesAThrowStatement()
            => VerifyAsync(
                """
                using TorchSharp;

                class Program
                {
                    static int Main() => throw new System.NotSupportedException(); // not yet

                    static torch.Tensor Up(torch.Tensor t) => t.{|#0:cuda()|};
                }
                """,
                """
                using TorchSharp;

                class Program
                {
                    static int Main()
                    {
                        torch.cuda.manual_seed_all(42);
                        throw new System.NotSupportedException();
                    } // not yet

                    static torch.Tensor Up(torch.Tensor t) => t.cuda();
                }
                """,
                Gpu("cuda()", anchor: false));

        [Fact]
        public Task EmptyMainGetsTheSeed()
            => VerifyAsync(
                """
                using TorchSharp;

                class Program
                {
                    static void Main()
                    {
                    }

                    static torch.Device Device => {|#0:torch.CUDA|};
                }
                """,
                """
                using TorchSharp;

                class Program
                {
                    static void Main()
                    {
                        torch.cuda.manual_seed_all(42);
                    }

                    static torch.Device Device => torch.CUDA;
                }
                """,
                new DiagnosticResult(Descriptors.UnseededGpuGenerator).WithLocation(0).WithArguments("'torch.CUDA'"));

        [Fact]
        public Task UsingStaticStyleGetsTheImportAndAShortName()
            => VerifyAsync(
                """
                using static TorchSharp.torch;

                {|#1:manual_seed(3)|};
                var t = ones(3).{|#0:to(CUDA)|};
                """,
                """
                using static TorchSharp.torch;

                manual_seed(3);
                cuda.manual_seed_all(3);
                var t = ones(3).to(CUDA);
                """,
                Gpu("to(CUDA)", anchor: true));

        [Fact]
        public Task FullyQualifiedCodeGetsUsingTorchSharp()
            => VerifyAsync(
                """
                namespace App
                {
                    class Program
                    {
                        static void Main()
                        {
                            var t = TorchSharp.torch.ones(3).{|#0:cuda()|};
                        }
                    }
                }
                """,
                """
                using TorchSharp;

                namespace App
                {
                    class Program
                    {
                        static void Main()
                        {
                            torch.cuda.manual_seed_all(42);
                            var t = TorchSharp.torch.ones(3).cuda();
                        }
                    }
                }
                """,
                Gpu("cuda()", anchor: false));

        /// <summary>In a library (a CUDA seed anywhere clears the rule there), an embedded CPU seed is wrapped in a block with the CUDA seed.</summary>
        [Fact]
        public Task SeedInAnEmbeddedStatementIsWrappedInABlock()
            => VerifyAsync(
                """
                using TorchSharp;

                public static class Trainer
                {
                    public static void Init(string[] args)
                    {
                        if (args.Length == 0)
                            {|#1:torch.manual_seed(1)|}; // only without arguments
                        var t = torch.ones(3).{|#0:cuda()|};
                    }
                }
                """,
                """
                using TorchSharp;

                public static class Trainer
                {
                    public static void Init(string[] args)
                    {
                        if (args.Length == 0)
                        {
                            torch.manual_seed(1); // only without arguments
                            torch.cuda.manual_seed_all(1);
                        }
                        var t = torch.ones(3).cuda();
                    }
                }
                """,
                Gpu("cuda()", anchor: true),
                OutputKind.DynamicallyLinkedLibrary);

        /// <summary>
        /// In a program, a CUDA seed after a CPU seed on one branch would leave the use after the
        /// branch unseeded on the other: such a seed is no anchor, and the CUDA seed goes first in
        /// Main, where it runs before every use.
        /// </summary>
        [Fact]
        public Task AProgramsSeedOnOneBranchIsNoAnchorTheCudaSeedGoesFirst()
            => VerifyAsync(
                """
                using TorchSharp;

                class Program
                {
                    static void Main(string[] args)
                    {
                        if (args.Length == 0)
                            torch.manual_seed(1); // only without arguments
                        var t = torch.ones(3).{|#0:cuda()|};
                    }
                }
                """,
                """
                using TorchSharp;

                class Program
                {
                    static void Main(string[] args)
                    {
                        torch.cuda.manual_seed_all(42);
                        if (args.Length == 0)
                            torch.manual_seed(1); // only without arguments
                        var t = torch.ones(3).cuda();
                    }
                }
                """,
                Gpu("cuda()", anchor: false));

        /// <summary>A CPU seed after the first CUDA use in Main is no anchor either: a CUDA seed after it would come too late.</summary>
        [Fact]
        public Task AProgramsSeedAfterTheUseIsNoAnchor()
            => VerifyAsync(
                """
                using TorchSharp;

                class Program
                {
                    static void Main()
                    {
                        var t = torch.ones(3).{|#0:cuda()|};
                        torch.manual_seed(1);
                    }
                }
                """,
                """
                using TorchSharp;

                class Program
                {
                    static void Main()
                    {
                        torch.cuda.manual_seed_all(42);
                        var t = torch.ones(3).cuda();
                        torch.manual_seed(1);
                    }
                }
                """,
                Gpu("cuda()", anchor: false));

        /// <summary>
        /// A CPU seed that is Main's first statement is still no anchor when working out its
        /// argument leads to a CUDA use: that use runs before any seed placed after the statement.
        /// </summary>
        [Fact]
        public Task AProgramsFirstSeedWhoseArgumentUsesCudaIsNoAnchor()
            => VerifyAsync(
                """
                using TorchSharp;

                class Program
                {
                    static void Main()
                    {
                        torch.manual_seed(Warm());
                        var t = torch.ones(3).{|#0:cuda()|};
                    }

                    static long Warm()
                    {
                        var probe = torch.ones(1).cuda();
                        return 7;
                    }
                }
                """,
                """
                using TorchSharp;

                class Program
                {
                    static void Main()
                    {
                        torch.cuda.manual_seed_all(42);
                        torch.manual_seed(Warm());
                        var t = torch.ones(3).cuda();
                    }

                    static long Warm()
                    {
                        var probe = torch.ones(1).cuda();
                        return 7;
                    }
                }
                """,
                Gpu("cuda()", anchor: false));

        /// <summary>A first seed whose argument is a named constant is an anchor: working it out runs nothing.</summary>
        [Fact]
        public Task AProgramsFirstSeedOfANamedConstantIsAnAnchor()
            => VerifyAsync(
                """
                using TorchSharp;

                class Program
                {
                    const long Seed = 5;

                    static void Main()
                    {
                        {|#1:torch.manual_seed(Seed)|};
                        var t = torch.ones(3).{|#0:cuda()|};
                    }
                }
                """,
                """
                using TorchSharp;

                class Program
                {
                    const long Seed = 5;

                    static void Main()
                    {
                        torch.manual_seed(Seed);
                        torch.cuda.manual_seed_all(Seed);
                        var t = torch.ones(3).cuda();
                    }
                }
                """,
                Gpu("cuda()", anchor: true));

        [Fact]
        public Task LibraryWithACpuSeedGetsTheCudaSeedAfterIt()
            => VerifyAsync(
                """
                using TorchSharp;

                public static class Trainer
                {
                    public static void Init()
                    {
                        {|#1:torch.manual_seed(11)|};
                    }

                    public static torch.Tensor Up(torch.Tensor t) => t.{|#0:cuda()|};
                }
                """,
                """
                using TorchSharp;

                public static class Trainer
                {
                    public static void Init()
                    {
                        torch.manual_seed(11);
                        torch.cuda.manual_seed_all(11);
                    }

                    public static torch.Tensor Up(torch.Tensor t) => t.cuda();
                }
                """,
                Gpu("cuda()", anchor: true),
                OutputKind.DynamicallyLinkedLibrary);

        [Fact]
        public Task LibraryWithoutASeedIsNotFixed()
        {
            const string Source = """
                using TorchSharp;

                public static class Trainer
                {
                    public static torch.Tensor Up(torch.Tensor t) => t.{|#0:cuda()|};
                }
                """;
            var test = Test(Source, Source, Gpu("cuda()", anchor: false), OutputKind.DynamicallyLinkedLibrary);
            test.FixedState.ExpectedDiagnostics.Add(Gpu("cuda()", anchor: false));
            return test.RunAsync();
        }

        [Fact]
        public Task EntryPointInAnotherFileThanTheUse()
        {
            var test = new CodeFixTest<UnseededGpuGeneratorAnalyzer, UnseededGpuGeneratorCodeFixProvider>(Libraries.TorchSharp)
            {
                CodeActionEquivalenceKey = Key,
                CodeFixTestBehaviors = CodeFixTestBehaviors.SkipLocalDiagnosticCheck,
            };
            test.TestState.OutputKind = OutputKind.ConsoleApplication;
            test.FixedState.OutputKind = OutputKind.ConsoleApplication;
            test.TestState.Sources.Add(("/0/A.cs", """
                using TorchSharp;

                static class Model
                {
                    public static torch.Tensor Up(torch.Tensor t) => t.{|#0:cuda()|};

                    public static torch.Tensor Again(torch.Tensor t) => t.to("cuda");
                }
                """));
            test.TestState.Sources.Add(("/0/B.cs", """
                System.Console.WriteLine(Model.Up(TorchSharp.torch.ones(1)));
                """));
            test.ExpectedDiagnostics.Add(Gpu("cuda()", anchor: false));
            test.FixedState.Sources.Add(("/0/A.cs", """
                using TorchSharp;

                static class Model
                {
                    public static torch.Tensor Up(torch.Tensor t) => t.cuda();

                    public static torch.Tensor Again(torch.Tensor t) => t.to("cuda");
                }
                """));
            test.FixedState.Sources.Add(("/0/B.cs", """
                using TorchSharp;

                torch.cuda.manual_seed_all(42);
                System.Console.WriteLine(Model.Up(TorchSharp.torch.ones(1)));
                """));
            return test.RunAsync();
        }

        [Fact]
        public Task LabeledAnchorGetsTheSeedAfterTheWholeStatement()
            => VerifyAsync(
                """
                using TorchSharp;

                class Program
                {
                    static void Main()
                    {
                    start:
                        {|#1:torch.manual_seed(2)|};
                        var t = torch.ones(3).{|#0:cuda()|};
                        if (t.numel() == 0) goto start;
                    }
                }
                """,
                """
                using TorchSharp;

                class Program
                {
                    static void Main()
                    {
                    start:
                        torch.manual_seed(2);
                        torch.cuda.manual_seed_all(2);
                        var t = torch.ones(3).cuda();
                        if (t.numel() == 0) goto start;
                    }
                }
                """,
                Gpu("cuda()", anchor: true));

        [Fact]
        public Task TopLevelProgramKeepsItsHeaderCommentFirst()
            => VerifyAsync(
                """
                // Trains on the GPU.

                var t = TorchSharp.torch.ones(3).{|#0:cuda()|};
                """,
                """
                // Trains on the GPU.

                using TorchSharp;

                torch.cuda.manual_seed_all(42);
                var t = TorchSharp.torch.ones(3).cuda();
                """,
                Gpu("cuda()", anchor: false));

        [Fact]
        public Task FixAllSeedsEachProjectOnce()
        {
            var test = new CodeFixTest<UnseededGpuGeneratorAnalyzer, UnseededGpuGeneratorCodeFixProvider>(Libraries.TorchSharp)
            {
                CodeActionEquivalenceKey = Key,
                CodeFixTestBehaviors = CodeFixTestBehaviors.SkipLocalDiagnosticCheck,
            };
            test.TestState.OutputKind = OutputKind.ConsoleApplication;
            test.FixedState.OutputKind = OutputKind.ConsoleApplication;
            test.TestState.Sources.Add(("/0/Test0.cs", """
                using TorchSharp;

                {|#1:torch.manual_seed(1)|};
                var a = torch.ones(3).{|#0:cuda()|};
                var b = torch.ones(3).to("cuda");
                """));
            test.TestState.AdditionalProjects["Other"].OutputKind = OutputKind.ConsoleApplication;
            test.TestState.AdditionalProjects["Other"].ReferenceAssemblies = TestReferences.None;
            test.TestState.AdditionalProjects["Other"].AdditionalReferences.AddRange(TestReferences.For(Libraries.TorchSharp));
            test.TestState.AdditionalProjects["Other"].Sources.Add(("/Other/Program.cs", """
                using TorchSharp;

                class Program
                {
                    static void Main() => System.Console.WriteLine(torch.ones(3).{|#2:cuda()|});
                }
                """));
            test.ExpectedDiagnostics.Add(Gpu("cuda()", anchor: true));
            test.ExpectedDiagnostics.Add(new DiagnosticResult(Descriptors.UnseededGpuGenerator).WithLocation(2).WithArguments("'cuda()'"));
            test.FixedState.Sources.Add(("/0/Test0.cs", """
                using TorchSharp;

                torch.manual_seed(1);
                torch.cuda.manual_seed_all(1);
                var a = torch.ones(3).cuda();
                var b = torch.ones(3).to("cuda");
                """));
            test.FixedState.AdditionalProjects["Other"].OutputKind = OutputKind.ConsoleApplication;
            test.FixedState.AdditionalProjects["Other"].ReferenceAssemblies = TestReferences.None;
            test.FixedState.AdditionalProjects["Other"].AdditionalReferences.AddRange(TestReferences.For(Libraries.TorchSharp));
            test.FixedState.AdditionalProjects["Other"].Sources.Add(("/Other/Program.cs", """
                using TorchSharp;

                class Program
                {
                    static void Main()
                    {
                        torch.cuda.manual_seed_all(42);
                        System.Console.WriteLine(torch.ones(3).cuda());
                    }
                }
                """));
            return test.RunAsync();
        }
    }
}
