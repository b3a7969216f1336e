using System.Threading.Tasks;
using Seeding.Analyzers.Rules;
using Seeding.Analyzers.Tests.Infrastructure;
using Xunit;

namespace Seeding.Analyzers.Tests.Analyzers
{
    public sealed class UnseededRandomAnalyzerTests
    {
        private static Task VerifyAsync(string source) => Verify.AnalyzerAsync<UnseededRandomAnalyzer>(source);

        [Fact]
        public Task FlagsParameterlessConstructor()
            => VerifyAsync("""
                using System;

                class C
                {
                    int M() => {|SEED001:new Random()|}.Next();
                }
                """);

        [Fact]
        public Task FlagsFullyQualifiedConstructor()
            => VerifyAsync("""
                class C
                {
                    int M() => {|SEED001:new System.Random()|}.Next();
                }
                """);

        [Fact]
        public Task FlagsTargetTypedNewInFieldsLocalsArgumentsAndReturns()
            => VerifyAsync("""
                using System;

                class C
                {
                    private readonly Random _field = {|SEED001:new()|};

                    Random Make() => {|SEED001:new()|};

                    Random MakeWithBlock()
                    {
                        return {|SEED001:new()|};
                    }

                    void Use(Random r) { }

                    void M()
                    {
                        Random local = {|SEED001:new()|};
                        Use({|SEED001:new()|});
                    }
                }
                """);

        [Fact]
        public Task FlagsEveryUseOfRandomShared()
            => VerifyAsync("""
                using System;
                using static System.Random;

                class C
                {
                    int A() => {|SEED001:Random.Shared|}.Next();
                    int B() => {|SEED001:System.Random.Shared|}.Next(10);
                    int D() => {|SEED001:Shared|}.Next(1, 2);
                    Random E() => {|SEED001:Random.Shared|};
                }
                """);

        [Fact]
        public Task QuietOnSeededConstructors()
            => VerifyAsync("""
                using System;

                class C
                {
                    void M(int seed, int s)
                    {
                        var a = new Random(42);
                        var b = new Random(seed);
                        var c = new Random(Seed: s);
                        Random d = new(7);
                    }
                }
                """);

        [Fact]
        public Task QuietOnClockSeedsWhichBelongToAnotherRule()
            => VerifyAsync("""
                using System;

                class C
                {
                    Random M() => new Random(Environment.TickCount);
                }
                """);

        [Fact]
        public Task MessageSuggestsTheConfiguredSeed()
        {
            var test = new AnalyzerTest<UnseededRandomAnalyzer>
            {
                TestCode = """
                    class C
                    {
                        object M() => new System.Random();
                    }
                    """,
            };
            test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", "root = true\n[*.cs]\nseeding.default_seed = 7\n"));
            test.ExpectedDiagnostics.Add(
                new Microsoft.CodeAnalysis.Testing.DiagnosticResult(Descriptors.UnseededRandom)
                    .WithSpan(3, 19, 3, 38)
                    .WithArguments("'new System.Random()'", "pass a fixed seed, e.g. new Random(7)"));
            return test.RunAsync();
        }

        [Fact]
        public Task QuietOnNameOfShared()
            => VerifyAsync("""
                using System;

                class C
                {
                    string M() => nameof(Random.Shared);
                }
                """);

        [Fact]
        public Task QuietOnOtherTypesNamedRandom()
            => VerifyAsync("""
                namespace MyGame
                {
                    class Random
                    {
                        public static Random Shared { get; } = new Random();
                    }

                    class C
                    {
                        Random M() => new Random();
                        Random N() => Random.Shared;
                    }
                }
                """);

        [Fact]
        public Task QuietOnDerivedRandomTypes()
            => VerifyAsync("""
                using System;

                class MyRandom : Random
                {
                    public MyRandom() : base(42) { }
                }

                class C
                {
                    Random M() => new MyRandom();
                }
                """);

        [Fact]
        public Task QuietOnEmptySource() => VerifyAsync(string.Empty);

        [Fact]
        public Task QuietInGeneratedCode()
            => VerifyAsync("""
                // <auto-generated/>
                using System;

                class Generated
                {
                    Random M() => new Random();
                    int N() => Random.Shared.Next();
                }
                """);

        [Fact]
        public Task FlagsInRecordsPartialMethodsAndFileScopedNamespaces()
            => VerifyAsync("""
                using System;

                namespace Game;

                record Dice(int Sides)
                {
                    public int Roll() => {|SEED001:Random.Shared|}.Next(1, Sides + 1);
                }

                partial class Board
                {
                    partial void Shuffle();
                }

                partial class Board
                {
                    partial void Shuffle() { var r = {|SEED001:new Random()|}; }
                }
                """);

        [Fact]
        public Task FlagsInTopLevelStatements()
        {
            var test = new AnalyzerTest<UnseededRandomAnalyzer>
            {
                TestCode = """
                    using System;

                    var r = {|SEED001:new Random()|};
                    Console.WriteLine(r.Next() + {|SEED001:Random.Shared|}.Next());
                    """,
            };
            test.TestState.OutputKind = Microsoft.CodeAnalysis.OutputKind.ConsoleApplication;
            return test.RunAsync();
        }

        [Fact]
        public Task FlagsInLambdasLocalFunctionsAndExpressionTrees()
            => VerifyAsync("""
                using System;
                using System.Linq.Expressions;

                class C
                {
                    void M()
                    {
                        Func<int> lambda = () => {|SEED001:new Random()|}.Next();
                        int Local() => {|SEED001:Random.Shared|}.Next();
                        Expression<Func<Random>> tree = () => {|SEED001:new Random()|};
                    }
                }
                """);

        [Fact]
        public Task ReportsMessageThatNamesTheExpression()
        {
            var test = new AnalyzerTest<UnseededRandomAnalyzer>
            {
                TestCode = """
                    class C
                    {
                        object M() => new System.Random();
                    }
                    """,
            };
            test.ExpectedDiagnostics.Add(
                new Microsoft.CodeAnalysis.Testing.DiagnosticResult(Descriptors.UnseededRandom)
                    .WithSpan(3, 19, 3, 38)
                    .WithArguments("'new System.Random()'", "pass a fixed seed, e.g. new Random(42)"));
            return test.RunAsync();
        }

        [Fact]
        public Task DoesNotThrowOnCodeThatDoesNotCompile()
            => VerifyAsync("""
                using System;

                class C
                {
                    void M()
                    {
                        var a = {|SEED001:new Random()|}{|CS1002:|}
                        var c = new {|CS1729:Random|}(1, 2, {|CS0103:x|});
                        {|CS0103:Random2|}.Shared.Next();
                        var d = {|SEED001:Random.Shared|}.{|CS1061:Nope|}();
                    }
                }
                """);
    
        /// <summary>
        /// Regression (found by the robustness suite): assigning to Random.Shared (CS0200) was
        /// flagged as a use, and its fix only traded CS0200 for CS0198. The new Random() is still flagged.
        /// </summary>
        [Fact]
        public Task AssigningToRandomSharedIsNotAUse()
            => VerifyAsync("""
                using System;

                class C
                {
                    void M()
                    {
                        {|CS0200:Random.Shared|} = {|SEED001:new Random()|};
                    }
                }
                """);

        [Fact]
        public Task QuietWhileTheArgumentsAreBeingTyped()
            => VerifyAsync("""
                using System;

                class C
                {
                    void M()
                    {
                        var b = new Random({|CS1026:|}{|CS1002:|}
                    }
                }
                """);
    }
}
