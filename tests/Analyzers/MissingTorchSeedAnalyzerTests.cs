using System.Text;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Seeding.Analyzers.Rules;
using Seeding.Analyzers.Tests.Infrastructure;
using Xunit;

namespace Seeding.Analyzers.Tests.Analyzers
{
    public sealed class MissingTorchSeedAnalyzerTests
    {
        private const string NoSeed = "no torch.manual_seed runs before it";
        private const string SomePaths = "torch.manual_seed runs before it only on some paths";
        private const string TopLevel = "the top-level statements";

        /// <summary>A draw written in the entry point (or, in a library, in the member).</summary>
        private static DiagnosticResult Missing(int marker, string draw, string why = NoSeed, string start = "Main")
            => new DiagnosticResult(Descriptors.MissingTorchSeed).WithLocation(marker).WithArguments(draw, why, start);

        /// <summary>A place in the entry point (marker 0) that leads to a draw elsewhere (marker 1, the additional location).</summary>
        private static DiagnosticResult Through(string place, string draw, string member, string where, string why = NoSeed, string start = "Main")
            => new DiagnosticResult(Descriptors.MissingTorchSeedThroughCall)
                .WithLocation(0)
                .WithLocation(1)
                .WithArguments(place, draw, member, where, why, start);

        [Fact]
        public Task TopLevelProgramWithoutSeed()
            => TorchTest.ProgramAsync<MissingTorchSeedAnalyzer>("""
                using TorchSharp;

                var model = {|#0:torch.nn.Linear(1, 10)|};
                var more = torch.nn.Linear(10, 1);
                """, Missing(0, "torch.nn.Linear(1, 10)", start: TopLevel));

        [Fact]
        public Task SeededTopLevelProgramIsQuiet()
            => TorchTest.ProgramAsync<MissingTorchSeedAnalyzer>("""
                using TorchSharp;

                torch.manual_seed(1);
                var model = torch.nn.Linear(1, 10);
                """);

        /// <summary>The helper that draws gets no diagnostic of its own: Main's call does, naming the helper's first draw.</summary>
        [Fact]
        public Task ClassWithMainAndAHelperThatDraws()
            => TorchTest.ProgramAsync<MissingTorchSeedAnalyzer>("""
                using TorchSharp;

                class Program
                {
                    static void Main()
                    {
                        var x = torch.zeros(3);
                        {|#0:Train()|};
                    }

                    static void Train()
                    {
                        var w = {|#1:torch.randn(3, 3)|};
                        var b = torch.randn(3);
                    }

                    static void NeverCalled() => torch.rand(1);
                }
                """, Through("Train()", "torch.randn(3, 3)", "Program.Train", "Program0.cs:13"));

        [Fact]
        public Task HelperCalledAfterTheSeedIsQuiet()
            => TorchTest.ProgramAsync<MissingTorchSeedAnalyzer>("""
                using System.Threading.Tasks;
                using TorchSharp;

                class Program
                {
                    static async Task Main()
                    {
                        torch.random.manual_seed(1);
                        await Task.Yield();
                        Train();
                    }

                    static void Train() => torch.nn.Linear(2, 2);
                }
                """);

        [Fact]
        public Task AsyncMainWithoutSeed()
            => TorchTest.ProgramAsync<MissingTorchSeedAnalyzer>("""
                using System.Threading.Tasks;
                using static TorchSharp.torch;

                class Program
                {
                    static async Task Main()
                    {
                        await Task.Yield();
                        var noise = {|#0:rand(4)|};
                    }
                }
                """, Missing(0, "rand(4)"));

        [Fact]
        public Task SeedInsideIfDoesNotCoverTheOtherPath()
            => TorchTest.ProgramAsync<MissingTorchSeedAnalyzer>("""
                using TorchSharp;

                class Program
                {
                    static void Main(string[] args)
                    {
                        if (args.Length > 0)
                        {
                            torch.manual_seed(1);
                        }

                        var model = {|#0:torch.nn.Linear(1, 10)|};
                    }
                }
                """, Missing(0, "torch.nn.Linear(1, 10)", SomePaths));

        [Fact]
        public Task ReseedFromTheClockUndoesTheSeed()
            => TorchTest.ProgramAsync<MissingTorchSeedAnalyzer>("""
                using TorchSharp;

                torch.manual_seed(1);
                torch.seed();
                var model = {|#0:torch.nn.Linear(1, 10)|};
                """, Missing(0, "torch.nn.Linear(1, 10)", start: TopLevel));

        [Fact]
        public Task LibrariesAreLeftAloneByDefault()
            => TorchTest.LibraryAsync<MissingTorchSeedAnalyzer>("""
                using TorchSharp;

                public static class Models
                {
                    public static object Build() => torch.nn.Linear(1, 10);
                }
                """);

        [Fact]
        public Task LibrariesAreFlaggedWhenTheOptionSaysAlways()
            => TorchTest.RunAsync<MissingTorchSeedAnalyzer>(
                new[]
                {
                    """
                    using TorchSharp;

                    public class Net
                    {
                        private readonly object _fc = {|#1:torch.nn.Linear(1, 10)|};
                    }

                    public static class Models
                    {
                        public static object Build() => {|#0:torch.nn.Linear(1, 10)|};

                        public static object Twice()
                        {
                            var first = {|#2:torch.rand(1)|};
                            return Build();
                        }

                        public static object Seeded()
                        {
                            torch.manual_seed(3);
                            return torch.nn.Linear(1, 10);
                        }

                        // A seed after the draw: SEED002's finding, not this rule's.
                        public static object SeededLate()
                        {
                            var layer = torch.nn.Linear(1, 10);
                            torch.manual_seed(3);
                            return layer;
                        }
                    }
                    """,
                },
                OutputKind.DynamicallyLinkedLibrary,
                "root = true\n[*.cs]\nseeding.torch_seed_required = always\n",
                Missing(1, "torch.nn.Linear(1, 10)", start: "the program"),
                Missing(0, "torch.nn.Linear(1, 10)", start: "the program"),
                Missing(2, "torch.rand(1)", start: "the program"));

        [Fact]
        public Task ProgramsAreLeftAloneWhenTheOptionSaysNever()
            => TorchTest.RunAsync<MissingTorchSeedAnalyzer>(
                new[] { "var model = TorchSharp.torch.nn.Linear(1, 10);" },
                OutputKind.ConsoleApplication,
                "root = true\n[*.cs]\nseeding.torch_seed_required = never\n");

        [Fact]
        public Task OnceAtTheFirstDrawOfMain()
            => TorchTest.ProgramAsync<MissingTorchSeedAnalyzer>("""
                using System.Linq;
                using TorchSharp;

                class Program
                {
                    static void Main()
                    {
                        var first = {|#0:torch.rand(1)|};
                        var second = torch.rand(2);
                        var viaLambda = Enumerable.Range(0, 2).Select(i => torch.rand(3)).ToList();
                    }
                }
                """, Missing(0, "torch.rand(1)"));

        [Fact]
        public Task DrawAfterHelpersThatNeverTouchTorchIsStillFound()
            => TorchTest.ProgramAsync<MissingTorchSeedAnalyzer>("""
                using System;
                using System.Collections.Generic;
                using System.Linq;
                using TorchSharp;

                class Program
                {
                    static void Main(string[] args)
                    {
                        var total = Sum(new List<int> { 1, 2, 3 }) + Parse(args.Length > 0 ? args[0] : "1");
                        var w = {|#0:torch.rand(total)|};
                    }

                    static int Sum(IEnumerable<int> values)
                    {
                        int sum = 0;
                        foreach (var value in values)
                        {
                            sum += Twice(value);
                        }

                        return sum;

                        static int Twice(int x) => x * 2;
                    }

                    static int Parse(string text)
                    {
                        if (text.Length == 0)
                        {
                            throw new ArgumentException("empty", nameof(text));
                        }

                        return text.Select(c => c - '0').Aggregate(0, (a, d) => (a * 10) + d) switch
                        {
                            < 0 => throw new FormatException(),
                            var n => n,
                        };
                    }
                }
                """, Missing(0, "torch.rand(total)"));

        [Theory]
        [InlineData("static void Fail() => throw new InvalidOperationException();")]
        [InlineData("static void Fail() { if (Environment.ProcessorCount > 0) throw new InvalidOperationException(); else throw new ArgumentException(); }")]
        [InlineData("static void Fail() { if (Environment.ProcessorCount > 0) { throw new InvalidOperationException(); } else { Console.WriteLine(); throw new ArgumentException(); } }")]
        [InlineData("static void Fail() { try { throw new InvalidOperationException(); } finally { Console.WriteLine(); } }")]
        [InlineData("static void Fail() => Helper(); static void Helper() => throw new NotSupportedException();")]
        [InlineData("static void Fail() { Action stop = () => throw new InvalidOperationException(); stop(); }")]
        public Task NothingRunsAfterAHelperThatNeverReturns(string fail)
            => TorchTest.ProgramAsync<MissingTorchSeedAnalyzer>($$"""
                using System;
                using TorchSharp;

                class Program
                {
                    static void Main()
                    {
                        Fail();
                        var w = torch.rand(1);
                    }

                    {{fail}}
                }
                """);

        [Fact]
        public Task AReturnInsideATryStillRunsTheSeedInItsFinally()
            => TorchTest.ProgramAsync<MissingTorchSeedAnalyzer>("""
                using TorchSharp;

                class Program
                {
                    static void Init(bool quick)
                    {
                        try
                        {
                            if (quick)
                            {
                                return;
                            }

                            System.Console.WriteLine("slow start");
                        }
                        finally
                        {
                            torch.manual_seed(1);
                        }
                    }

                    static void Main(string[] args)
                    {
                        Init(args.Length > 0);
                        var x = torch.rand(3);
                    }
                }
                """);

        [Fact]
        public Task AGotoPastTheSeedIsFollowed()
            => TorchTest.ProgramAsync<MissingTorchSeedAnalyzer>("""
                using TorchSharp;

                class Program
                {
                    static void Main(string[] args)
                    {
                        if (args.Length > 0)
                        {
                            goto skip;
                        }

                        torch.manual_seed(1);
                    skip:
                        var x = {|#0:torch.rand(3)|};
                    }
                }
                """, Missing(0, "torch.rand(3)", SomePaths));

        /// <summary>The case: a model class in its own file, built by Main. One diagnostic, in Main, pointing at the layer.</summary>
        [Fact]
        public Task AModelInAnotherFileIsReportedWhereMainBuildsIt()
            => TorchTest.RunAsync<MissingTorchSeedAnalyzer>(
                new[]
                {
                    """
                    class Program
                    {
                        static void Main()
                        {
                            System.Console.WriteLine("training");
                            var net = {|#0:new Net()|};
                        }
                    }
                    """,
                    """
                    using TorchSharp;
                    using TorchSharp.Modules;
                    using static TorchSharp.torch;

                    sealed class Net : nn.Module<Tensor, Tensor>
                    {
                        private readonly Linear _fc1 = {|#1:nn.Linear(4, 8)|};
                        private readonly Linear _fc2 = nn.Linear(8, 1);

                        public Net() : base("net") => RegisterComponents();

                        public override Tensor forward(Tensor input) => _fc2.forward(_fc1.forward(input));
                    }
                    """,
                },
                OutputKind.ConsoleApplication,
                null,
                Through("new Net()", "nn.Linear(4, 8)", "the initialiser of Net._fc1", "Program1.cs:7"));

        [Fact]
        public Task TenModelClassesGiveOneDiagnostic()
        {
            var models = new StringBuilder("using TorchSharp.Modules;\n");
            var creations = new StringBuilder();
            for (var i = 0; i < 10; i++)
            {
                var layer = i == 0 ? "{|#1:TorchSharp.torch.nn.Linear(1, 10)|}" : "TorchSharp.torch.nn.Linear(1, 10)";
                var creation = i == 0 ? "{|#0:new Net0()|}" : "new Net" + i + "()";
                models.Append($$"""
                    class Net{{i}}
                    {
                        private readonly Linear _fc = {{layer}};
                    }

                    """);
                creations.Append("        var net").Append(i).Append(" = ").Append(creation).Append(";\n");
            }

            var program = $$"""
                class Program
                {
                    static void Main()
                    {
                {{creations}}    }
                }
                """;
            return TorchTest.RunAsync<MissingTorchSeedAnalyzer>(
                new[] { program, models.ToString() },
                OutputKind.ConsoleApplication,
                null,
                Through("new Net0()", "TorchSharp.torch.nn.Linear(1, 10)", "the initialiser of Net0._fc", "Program1.cs:4"));
        }

        [Fact]
        public Task TopLevelStatementsThroughCallsAndConstructors()
            => TorchTest.ProgramAsync<MissingTorchSeedAnalyzer>("""
                using TorchSharp;

                var data = torch.ones(4);
                var trainer = {|#0:Trainer.Create(data)|};
                trainer.Run();

                sealed class Trainer
                {
                    private Trainer(object data)
                    {
                        System.Console.WriteLine(data);
                        var noise = {|#1:torch.randn(4)|};
                    }

                    public static Trainer Create(object data) => new Trainer(data);

                    public void Run() => torch.rand(2);
                }
                """, Through("Trainer.Create(data)", "torch.randn(4)", "Trainer's constructor", "Program0.cs:12", start: TopLevel));

        [Fact]
        public Task ASeedOnSomePathsOnlyBeforeACallIsSaid()
            => TorchTest.ProgramAsync<MissingTorchSeedAnalyzer>("""
                using TorchSharp;

                class Program
                {
                    static void Main(string[] args)
                    {
                        if (args.Length > 0)
                        {
                            torch.manual_seed(1);
                        }

                        {|#0:Train()|};
                    }

                    static void Train() => {|#1:torch.rand(3)|};
                }
                """, Through("Train()", "torch.rand(3)", "Program.Train", "Program0.cs:15", SomePaths));

        [Fact]
        public Task ASeedOnSomePathsOnlyInsideTheCalleeIsSaid()
            => TorchTest.ProgramAsync<MissingTorchSeedAnalyzer>("""
                using TorchSharp;

                class Program
                {
                    static void Main(string[] args) => {|#0:Train(args.Length > 0)|};

                    static void Train(bool seeded)
                    {
                        if (seeded)
                        {
                            torch.manual_seed(1);
                        }

                        var w = {|#1:torch.rand(3)|};
                    }
                }
                """, Through("Train(args.Length > 0)", "torch.rand(3)", "Program.Train", "Program0.cs:14", SomePaths));

        /// <summary>A recursive helper: the way to the draw passes over the call back into itself.</summary>
        [Fact]
        public Task TheDrawBehindARecursiveCallIsFound()
            => TorchTest.ProgramAsync<MissingTorchSeedAnalyzer>("""
                using TorchSharp;

                class Program
                {
                    static void Main() => {|#0:Walk(3)|};

                    static void Walk(int depth)
                    {
                        if (depth > 0)
                        {
                            Walk(depth - 1);
                        }

                        var w = {|#1:torch.rand(depth + 1)|};
                    }
                }
                """, Through("Walk(3)", "torch.rand(depth + 1)", "Program.Walk", "Program0.cs:14"));

        /// <summary>One defect, one diagnostic: a seed that comes later on the same path is SEED002's.</summary>
        [Fact]
        public Task ALateSeedIsOnlySeedAfterDraw()
            => BothRulesAsync("""
                using TorchSharp;

                var model = torch.nn.Sequential({|#1:torch.nn.Linear(1, 10)|}, torch.nn.Linear(10, 1));
                {|#0:torch.manual_seed(1)|};
                """,
                ("torch.manual_seed(1)", "torch.nn.Linear(1, 10)", 3));

        [Fact]
        public Task ALateSeedInAHelperAfterAModelBuiltInAnotherClassIsOnlySeedAfterDraw()
            => BothRulesAsync("""
                using TorchSharp;
                using TorchSharp.Modules;

                class Net
                {
                    private readonly Linear _fc = torch.nn.Linear(1, 10);
                }

                static class Setup
                {
                    public static void Seed() => torch.manual_seed(1);
                }

                class Program
                {
                    static void Main()
                    {
                        var net = {|#1:new Net()|};
                        {|#0:Setup.Seed()|};
                    }
                }
                """,
                ("Setup.Seed()", "new Net()", 18));

        [Fact]
        public Task ADrawInAHelperThatSeedsLateIsOnlySeedAfterDraw()
            => BothRulesAsync("""
                using TorchSharp;

                class Program
                {
                    static void Main()
                    {
                        Init();
                        var more = torch.rand(2);
                    }

                    static void Init()
                    {
                        var w = {|#1:torch.rand(1)|};
                        {|#0:torch.manual_seed(1)|};
                    }
                }
                """,
                ("torch.manual_seed(1)", "torch.rand(1)", 13));

        /// <summary>What the late seed does not cover is still this rule's: here a reseed from the clock undoes it.</summary>
        [Fact]
        public Task ADrawNoSeedFollowsIsStillReportedNextToALateSeed()
            => BothRulesAsync("""
                using TorchSharp;

                var w = {|#1:torch.rand(1)|};
                {|#0:torch.manual_seed(1)|};
                torch.seed();
                var b = {|#2:torch.rand(2)|};
                """,
                ("torch.manual_seed(1)", "torch.rand(1)", 3),
                Missing(2, "torch.rand(2)", start: TopLevel));


        [Fact]
        public Task QuietOnBrokenCode()
            => TorchTest.ProgramAsync<MissingTorchSeedAnalyzer>("""
                using TorchSharp;

                class Program
                {
                    static void Main()
                    {
                        var model = torch.nn.Linear({|CS0103:size|}, 10);
                        {|CS0103:Missing|}();
                    }
                }
                """);

        /// <summary>SEED002 (expected with markers 0, the seed, and 1, the draw) and SEED003 together.</summary>
        private static Task BothRulesAsync(string source, (string Seed, string Draw, int Line) late, params DiagnosticResult[] missing)
        {
            var test = new SeedOrderAnalyzerTest { TestCode = source };
            test.ExpectedDiagnostics.Add(new DiagnosticResult(Descriptors.SeedAfterDraw)
                .WithLocation(0)
                .WithLocation(1)
                .WithArguments(late.Seed, late.Draw, late.Line.ToString(System.Globalization.CultureInfo.InvariantCulture)));
            test.ExpectedDiagnostics.AddRange(missing);
            return test.RunAsync();
        }
    }
}
