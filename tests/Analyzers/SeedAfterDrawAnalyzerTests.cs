using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Seeding.Analyzers.Rules;
using Seeding.Analyzers.Tests.Infrastructure;
using Xunit;

namespace Seeding.Analyzers.Tests.Analyzers
{
    public sealed class SeedAfterDrawAnalyzerTests
    {
        private static DiagnosticResult Late(string seed, string draw, int drawLine)
            => new DiagnosticResult(Descriptors.SeedAfterDraw)
                .WithLocation(0)
                .WithLocation(1)
                .WithArguments(seed, draw, drawLine.ToString(System.Globalization.CultureInfo.InvariantCulture));

        private static Task VerifyAsync(string source, params DiagnosticResult[] expected)
            => TorchTest.ProgramAsync<SeedAfterDrawAnalyzer>(source, expected);

        [Fact]
        public Task SeedAfterLinearInTheSameMethod()
            => VerifyAsync("""
                using TorchSharp;

                class Program
                {
                    static void Main()
                    {
                        var model = {|#1:torch.nn.Linear(1, 10)|};
                        {|#0:torch.manual_seed(1)|};
                    }
                }
                """, Late("torch.manual_seed(1)", "torch.nn.Linear(1, 10)", 7));

        /// <summary>A finally runs when a break leaves its try: the seed there comes after the draw.</summary>
        [Fact]
        public Task SeedInAFinallyThatABreakRuns()
            => VerifyAsync("""
                using TorchSharp;

                class Program
                {
                    static void Main()
                    {
                        while (Ready())
                        {
                            try
                            {
                                var noise = {|#1:torch.rand(4)|};
                                break;
                            }
                            finally
                            {
                                {|#0:torch.manual_seed(1)|};
                            }
                        }
                    }

                    static bool Ready() => System.Environment.TickCount > 0;
                }
                """, Late("torch.manual_seed(1)", "torch.rand(4)", 11));

        /// <summary>An exception out of a method that drew reaches the caller's catch, which seeds too late.</summary>
        [Fact]
        public Task SeedInACatchOfAThrowFromACallThatDrew()
            => VerifyAsync("""
                using TorchSharp;

                class Program
                {
                    static void Main()
                    {
                        try
                        {
                            {|#1:Warmup()|};
                        }
                        catch (System.InvalidOperationException)
                        {
                            {|#0:torch.manual_seed(1)|};
                        }
                    }

                    static void Warmup()
                    {
                        var probe = torch.rand(4);
                        throw new System.InvalidOperationException("no GPU");
                    }
                }
                """, Late("torch.manual_seed(1)", "Warmup()", 9));

        [Fact]
        public Task SeedFirstIsQuiet()
            => VerifyAsync("""
                using TorchSharp;

                class Program
                {
                    static void Main()
                    {
                        torch.manual_seed(1);
                        var model = torch.nn.Linear(1, 10);
                        var noise = torch.rand(3);
                    }
                }
                """);

        [Fact]
        public Task MembersThatDoNotDrawAreQuiet()
            => VerifyAsync("""
                using TorchSharp;
                using TorchSharp.Modules;
                using static TorchSharp.torch;

                class Program
                {
                    static void Main()
                    {
                        var norm = nn.LayerNorm(10);
                        var batch = nn.BatchNorm1d(10);
                        var dropout = nn.Dropout(0.5);
                        var z = zeros(3);
                        var t = tensor(new float[] { 1, 2, 3 });
                        var fixedWeights = nn.Linear(new Parameter(ones(10, 1)));
                        var own = rand(3, generator: new Generator(42));
                        manual_seed(1);
                    }
                }
                """);

        [Fact]
        public Task UsingStaticBareSeedsAndGeneratorValuesCount()
            => VerifyAsync("""
                using static TorchSharp.torch;

                class Program
                {
                    static void Main()
                    {
                        var a = {|#1:randn(2, 2)|};
                        {|#0:random.manual_seed(1)|};
                        manual_seed(2);
                    }
                }
                """, Late("random.manual_seed(1)", "randn(2, 2)", 7));

        [Fact]
        public Task GeneratorDeclarationsAreSeeds()
            => VerifyAsync("""
                using TorchSharp;

                class Program
                {
                    static void Main()
                    {
                        var a = {|#1:torch.rand(2)|};
                        using var g = {|#0:torch.random.manual_seed(1)|};
                    }

                    static void Other()
                    {
                        var _ = torch.manual_seed(1);
                        var b = torch.rand(2);
                    }
                }
                """, Late("torch.random.manual_seed(1)", "torch.rand(2)", 7));

        [Fact]
        public Task DrawOnOnePathBeforeTheSeed()
            => VerifyAsync("""
                using TorchSharp;

                class Program
                {
                    static void Main(string[] args)
                    {
                        if (args.Length > 0)
                        {
                            var warmup = {|#1:torch.randn(4)|};
                        }

                        {|#0:torch.manual_seed(7)|};
                    }
                }
                """, Late("torch.manual_seed(7)", "torch.randn(4)", 9));

        [Fact]
        public Task ModelBuiltInAHelperCalledBeforeTheSeed()
            => VerifyAsync("""
                using TorchSharp;
                using static TorchSharp.torch;

                class Program
                {
                    static void Main()
                    {
                        var model = {|#1:Build()|};
                        {|#0:manual_seed(1)|};
                    }

                    static nn.Module<Tensor, Tensor> Build() => nn.Sequential(nn.Linear(1, 10), nn.Linear(10, 1));
                }
                """, Late("manual_seed(1)", "Build()", 8));

        [Fact]
        public Task SeedInAHelperCalledAfterTheDraw()
            => VerifyAsync("""
                using TorchSharp;

                class Program
                {
                    static void Main()
                    {
                        var w = {|#1:torch.rand(3)|};
                        {|#0:SetUp()|};
                    }

                    static void SetUp() => torch.manual_seed(3);
                }
                """, Late("SetUp()", "torch.rand(3)", 7));

        /// <summary>
        /// One defect, one diagnostic: every draw before a late seed, in Main or in the model
        /// classes it builds, is this rule's finding and not SEED003's (moving the seed up covers
        /// them all). SEED003 runs too, and stays quiet.
        /// </summary>
        [Fact]
        public Task ALateSeedIsTheOnlyDiagnosticForTheDrawsBeforeIt()
        {
            var test = new SeedOrderAnalyzerTest();
            test.TestState.Sources.Add(("/Program.cs", """
                using TorchSharp;

                class Program
                {
                    static void Main()
                    {
                        var net = {|#1:new Net()|};
                        var noise = torch.rand(3);
                        {|#0:torch.manual_seed(1)|};
                        var more = torch.rand(2);
                    }
                }
                """));
            test.TestState.Sources.Add(("/Net.cs", """
                using TorchSharp;
                using TorchSharp.Modules;

                class Net
                {
                    private readonly Linear _fc1 = torch.nn.Linear(1, 10);
                    private readonly Linear _fc2 = torch.nn.Linear(10, 1);
                }
                """));
            test.ExpectedDiagnostics.Add(Late("torch.manual_seed(1)", "new Net()", 7));
            return test.RunAsync();
        }

        /// <summary>
        /// A seed that only some paths reach after the draw: the draw is pending when it runs, so
        /// the finding is this rule's, and SEED003 says nothing about the other path until the
        /// seed is moved up (if it then still covers only some paths, SEED003 says so).
        /// </summary>
        [Fact]
        public Task ASeedAfterTheDrawOnSomePathsIsOnlyThisRulesFinding()
        {
            var test = new SeedOrderAnalyzerTest
            {
                TestCode = """
                    using TorchSharp;

                    var model = {|#1:torch.nn.Linear(1, 10)|};
                    if (args.Length > 0)
                    {
                        {|#0:torch.manual_seed(1)|};
                    }
                    """,
            };
            test.ExpectedDiagnostics.Add(Late("torch.manual_seed(1)", "torch.nn.Linear(1, 10)", 3));
            return test.RunAsync();
        }

        [Fact]
        public Task SeedInAHelperCalledFirstIsQuiet()
            => VerifyAsync("""
                using TorchSharp;

                class Program
                {
                    static void Main()
                    {
                        SetUp();
                        var model = Build();
                    }

                    static void SetUp() => torch.manual_seed(3);

                    static object Build() => torch.nn.Linear(2, 2);
                }
                """);

        [Fact]
        public Task LambdaDefinedBeforeTheSeedAndInvokedAfterIsQuiet()
            => VerifyAsync("""
                using System;
                using TorchSharp;

                class Program
                {
                    static void Main()
                    {
                        Func<object> make = () => torch.nn.Linear(1, 10);
                        object Local() => torch.randn(3);
                        torch.manual_seed(1);
                        var model = make();
                        var noise = Local();
                    }
                }
                """);

        [Fact]
        public Task LambdaInvokedBeforeTheSeed()
            => VerifyAsync("""
                using System;
                using System.Linq;
                using TorchSharp;

                class Program
                {
                    static void Main()
                    {
                        Func<object> make = () => torch.nn.Linear(1, 10);
                        var first = {|#1:make()|};
                        var many = Enumerable.Range(0, 3).Select(i => torch.rand(2)).ToList();
                        {|#0:torch.manual_seed(1)|};
                    }
                }
                """, Late("torch.manual_seed(1)", "make()", 10));

        [Fact]
        public Task InstanceFieldInitialiserOfAnObjectCreatedBeforeTheSeed()
            => VerifyAsync("""
                using TorchSharp;
                using TorchSharp.Modules;

                class Model
                {
                    private readonly Linear _layer = torch.nn.Linear(1, 10);
                }

                class Program
                {
                    static void Main()
                    {
                        var model = {|#1:new Model()|};
                        {|#0:torch.manual_seed(1)|};
                    }
                }
                """, Late("torch.manual_seed(1)", "new Model()", 13));

        [Fact]
        public Task BaseConstructorRunsBeforeTheDerivedBody()
            => VerifyAsync("""
                using TorchSharp;

                class Base
                {
                    protected Base() { var w = torch.randn(2); }
                }

                class Derived : Base
                {
                    {|#1:public Derived() { {|#0:torch.manual_seed(1)|}; }|}
                }

                class Program
                {
                    static void Main() => new Derived();
                }
                """,
                Late("torch.manual_seed(1)", "the base constructor Base()", 10));

        [Fact]
        public Task GenericModuleClassWithFieldInitialisers()
            => VerifyAsync("""
                using TorchSharp;
                using TorchSharp.Modules;
                using static TorchSharp.torch;

                class Net<T> : nn.Module<Tensor, Tensor>
                {
                    private readonly Linear _fc = nn.Linear(4, 2);

                    public Net() : base("net") { RegisterComponents(); }

                    public override Tensor forward(Tensor input) => _fc.forward(input);
                }

                class Program
                {
                    static void Main()
                    {
                        var net = {|#1:new Net<float>()|};
                        {|#0:manual_seed(5)|};
                    }
                }
                """, Late("manual_seed(5)", "new Net<float>()", 18));

        [Fact]
        public Task StaticInitialiserThatDrawsMayRunBeforeMain()
            => VerifyAsync("""
                using TorchSharp;
                using TorchSharp.Modules;

                class Models
                {
                    public static readonly Linear Shared = {|#0:torch.nn.Linear(1, 10)|};
                    public static Linear Lazy => torch.nn.Linear(1, 10);
                }

                class Program
                {
                    static void Main()
                    {
                        torch.manual_seed(1);
                        var m = Models.Shared;
                    }
                }
                """,
                new DiagnosticResult(Descriptors.SeedAfterDrawInStaticInitializer).WithLocation(0).WithArguments("torch.nn.Linear(1, 10)", "Models"));

        [Fact]
        public Task StaticConstructorThatDraws()
            => VerifyAsync("""
                using TorchSharp;

                class Registry
                {
                    public static readonly object Weights;

                    static Registry() { Weights = {|#0:torch.randn(4, 4)|}; }
                }

                class Program
                {
                    static void Main() => torch.manual_seed(1);
                }
                """,
                new DiagnosticResult(Descriptors.SeedAfterDrawInStaticInitializer).WithLocation(0).WithArguments("torch.randn(4, 4)", "Registry"));

        [Fact]
        public Task RecursionAndPartialClassesAcrossFiles()
            => TorchTest.RunAsync<SeedAfterDrawAnalyzer>(
                new[]
                {
                    """
                    using TorchSharp;

                    partial class Program
                    {
                        static void Main()
                        {
                            var x = {|#1:Grow(3)|};
                            {|#0:torch.manual_seed(1)|};
                        }
                    }
                    """,
                    """
                    using TorchSharp;

                    partial class Program
                    {
                        static object Grow(int depth) => depth == 0 ? torch.rand(1) : Grow(depth - 1);
                    }
                    """,
                },
                OutputKind.ConsoleApplication,
                null,
                Late("torch.manual_seed(1)", "Grow(3)", 7));

        [Fact]
        public Task TopLevelStatementsAndAsyncMain()
            => TorchTest.RunAsync<SeedAfterDrawAnalyzer>(
                new[]
                {
                    """
                    using TorchSharp;

                    var model = {|#1:torch.nn.Linear(1, 10)|};
                    {|#0:torch.manual_seed(1)|};
                    await Helpers.RunAsync();
                    """,
                    """
                    using System.Threading.Tasks;
                    using TorchSharp;

                    static class Helpers
                    {
                        public static async Task RunAsync()
                        {
                            await Task.Yield();
                            var w = {|#3:torch.rand(2)|};
                            {|#2:torch.manual_seed(2)|};
                        }
                    }
                    """,
                },
                OutputKind.ConsoleApplication,
                null,
                Late("torch.manual_seed(1)", "torch.nn.Linear(1, 10)", 3),
                new DiagnosticResult(Descriptors.SeedAfterDraw).WithLocation(2).WithLocation(3).WithArguments("torch.manual_seed(2)", "torch.rand(2)", "9"));

        [Theory]
        [InlineData(true)]
        [InlineData(false)]
        public Task MutualRecursionGivesTheSameAnswerWhicheverMethodIsAnalysedFirst(bool cycleFirst)
        {
            var cycle = """
                    static void A(int n) { if (n == 0) { var l = torch.nn.Linear(1, 1); } else B(n); }

                    static void B(int n) { A(n - 1); }
                """;
            var run = """
                    public static void Run()
                    {
                        {|#1:B(3)|};
                        {|#0:torch.manual_seed(1)|};
                    }
                """;
            var source = "using TorchSharp;\n\npublic static class Library\n{\n" + (cycleFirst ? cycle + "\n" + run : run + "\n" + cycle) + "}\n";
            var line = source.Split('\n').ToList().FindIndex(l => l.Contains("B(3)")) + 1;
            return TorchTest.LibraryAsync<SeedAfterDrawAnalyzer>(source, Late("torch.manual_seed(1)", "B(3)", line));
        }

        [Fact]
        public Task PropertyGettersIndexersAndOperatorsOfTheProjectAreFollowed()
            => VerifyAsync("""
                using TorchSharp;
                using TorchSharp.Modules;

                class Weights
                {
                    public static Weights operator +(Weights a, Weights b) { torch.rand(1); return a; }
                }

                class Program
                {
                    static Linear Model => torch.nn.Linear(1, 1);

                    static void Main()
                    {
                        var m = {|#1:Model|};
                        {|#0:torch.manual_seed(1)|};
                    }

                    static void Helper()
                    {
                        var m = Model;
                    }

                    static void ViaHelper()
                    {
                        {|#5:Helper()|};
                        {|#4:torch.manual_seed(3)|};
                    }

                    static void Other(Weights w)
                    {
                        var sum = {|#3:w + w|};
                        {|#2:torch.manual_seed(2)|};
                    }
                }
                """,
                Late("torch.manual_seed(1)", "Model", 15),
                new DiagnosticResult(Descriptors.SeedAfterDraw).WithLocation(4).WithLocation(5).WithArguments("torch.manual_seed(3)", "Helper()", "26"),
                new DiagnosticResult(Descriptors.SeedAfterDraw).WithLocation(2).WithLocation(3).WithArguments("torch.manual_seed(2)", "w + w", "32"));

        [Fact]
        public Task CodeThatRunsLaterIsNotTakenToRunWhereItIsPassed()
            => VerifyAsync("""
                using System;
                using System.Collections.Generic;
                using System.Linq.Expressions;
                using TorchSharp;
                using TorchSharp.Modules;

                class Program
                {
                    static IEnumerable<Linear> Layers()
                    {
                        yield return torch.nn.Linear(1, 1);
                    }

                    static object Draw() => torch.rand(1);

                    static void Describe(Expression<Func<object>> tree) => Console.WriteLine(tree);

                    static void Main()
                    {
                        var lazy = new Lazy<Linear>(() => torch.nn.Linear(1, 1));
                        var layers = Layers();
                        Describe(() => Draw());
                        torch.manual_seed(1);
                        Console.WriteLine(lazy.Value);
                        foreach (var layer in layers) { Console.WriteLine(layer); }
                    }
                }
                """);

        [Fact]
        public Task ASeedInFinallyRunsAfterADrawReturnedFromTheTry()
            => VerifyAsync("""
                using TorchSharp;

                class Program
                {
                    static torch.Tensor Make()
                    {
                        try
                        {
                            return {|#1:torch.rand(3)|};
                        }
                        finally
                        {
                            {|#0:torch.manual_seed(1)|};
                        }
                    }

                    static void Main() => System.Console.WriteLine(Make());
                }
                """, Late("torch.manual_seed(1)", "torch.rand(3)", 9));

        [Fact]
        public Task QuietWithoutTorchSharpAndOnBrokenCode()
            => VerifyAsync("""
                using TorchSharp;

                class Program
                {
                    static void Main()
                    {
                        var model = torch.nn.Linear(1, {|CS1525:)|};
                        torch.manual_seed({|CS0103:seed|});
                        {|CS0103:Undefined|}();
                    }
                }
                """);
    }
}
