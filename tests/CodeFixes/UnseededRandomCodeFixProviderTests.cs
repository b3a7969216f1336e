using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Seeding.Analyzers.CodeFixes.Rules;
using Seeding.Analyzers.Rules;
using Seeding.Analyzers.Tests.Infrastructure;
using Xunit;

namespace Seeding.Analyzers.Tests.CodeFixes
{
    public sealed class UnseededRandomCodeFixProviderTests
    {
        private const string AddSeed = UnseededRandomCodeFixProvider.AddSeedKey;
        private const string UseSeeded = UnseededRandomCodeFixProvider.UseSeededInstanceKey;

        private static Task VerifyAsync(string source, string fixedSource, string key, string? editorConfig = null)
            => Verify.CodeFixAsync<UnseededRandomAnalyzer, UnseededRandomCodeFixProvider>(source, fixedSource, key, editorConfig);

        [Fact]
        public Task ConstructorGetsTheDefaultSeed()
            => VerifyAsync(
                """
                using System;

                class C
                {
                    int M() => {|SEED001:new Random()|}.Next();
                }
                """,
                """
                using System;

                class C
                {
                    int M() => new Random(42).Next();
                }
                """,
                AddSeed);

        [Fact]
        public Task ConstructorGetsTheConfiguredSeed()
            => VerifyAsync(
                """
                class C
                {
                    System.Random M() => {|SEED001:new System.Random()|};
                }
                """,
                """
                class C
                {
                    System.Random M() => new System.Random(2024);
                }
                """,
                AddSeed,
                "root = true\n[*.cs]\nseeding.default_seed = 2024\n");

        [Fact]
        public Task InvalidConfiguredSeedFallsBackToTheDocumentedDefault()
            => VerifyAsync(
                """
                class C
                {
                    System.Random M() => {|SEED001:new System.Random()|};
                }
                """,
                """
                class C
                {
                    System.Random M() => new System.Random(42);
                }
                """,
                AddSeed,
                "root = true\n[*.cs]\nseeding.default_seed = banana\n");

        [Fact]
        public Task TargetTypedNewGetsTheSeed()
            => VerifyAsync(
                """
                using System;

                class C
                {
                    private readonly Random _a = {|SEED001:new()|};
                    Random B() => {|SEED001:new()|};
                }
                """,
                """
                using System;

                class C
                {
                    private readonly Random _a = new(42);
                    Random B() => new(42);
                }
                """,
                AddSeed);

        [Fact]
        public Task UsesTheTypesSeedConstant()
            => VerifyAsync(
                """
                using System;

                class C
                {
                    private const int RandomSeed = 1234;

                    int M() => {|SEED001:new Random()|}.Next();
                }
                """,
                """
                using System;

                class C
                {
                    private const int RandomSeed = 1234;

                    int M() => new Random(RandomSeed).Next();
                }
                """,
                AddSeed);

        [Fact]
        public Task UsesAStaticReadonlySeedOutsideStaticInitialisers()
            => VerifyAsync(
                """
                using System;

                class C
                {
                    private static readonly Random Early = {|SEED001:new Random()|};
                    private static readonly int Seed = 99;

                    int M() => {|SEED001:new Random()|}.Next();
                }
                """,
                """
                using System;

                class C
                {
                    private static readonly Random Early = new Random(42);
                    private static readonly int Seed = 99;

                    int M() => new Random(Seed).Next();
                }
                """,
                AddSeed);

        [Fact]
        public Task IgnoresAStaticReadonlySeedThatChangesEveryRun()
            => VerifyAsync(
                """
                using System;

                class C
                {
                    private static readonly int RunSeed = Environment.TickCount;

                    int M() => {|SEED001:new Random()|}.Next();
                }
                """,
                """
                using System;

                class C
                {
                    private static readonly int RunSeed = Environment.TickCount;

                    int M() => new Random(42).Next();
                }
                """,
                AddSeed);

        [Fact]
        public Task IgnoresSeedMembersThatAreNotIntegersOrNotStatic()
            => VerifyAsync(
                """
                using System;

                class C
                {
                    private const long LongSeed = 5;
                    private readonly int _instanceSeed = 6;
                    private const string SeedName = "x";

                    int M() => {|SEED001:new Random()|}.Next();
                }
                """,
                """
                using System;

                class C
                {
                    private const long LongSeed = 5;
                    private readonly int _instanceSeed = 6;
                    private const string SeedName = "x";

                    int M() => new Random(42).Next();
                }
                """,
                AddSeed);

        [Fact]
        public Task QualifiesTheSeedMemberWhenALocalHidesIt()
            => VerifyAsync(
                """
                using System;

                class C
                {
                    private const int Seed = 7;

                    int M()
                    {
                        var Seed = "shadow";
                        return {|SEED001:new Random()|}.Next() + Seed.Length;
                    }
                }
                """,
                """
                using System;

                class C
                {
                    private const int Seed = 7;

                    int M()
                    {
                        var Seed = "shadow";
                        return new Random(C.Seed).Next() + Seed.Length;
                    }
                }
                """,
                AddSeed);

        [Fact]
        public Task KeepsCommentsAroundTheConstructor()
            => VerifyAsync(
                """
                using System;

                class C
                {
                    // the generator
                    Random M() => /* before */ {|SEED001:new Random(/* inside */)|} /* after */;
                }
                """,
                """
                using System;

                class C
                {
                    // the generator
                    Random M() => /* before */ new Random(/* inside */42) /* after */;
                }
                """,
                AddSeed);

        [Fact]
        public Task ConstructorWithInitializerButNoArgumentList()
            => VerifyAsync(
                """
                using System;

                class C
                {
                    Random M() => {|SEED001:new Random { }|};
                }
                """,
                """
                using System;

                class C
                {
                    Random M() => new Random(42) { };
                }
                """,
                AddSeed);

        [Fact]
        public Task SharedUsesPointAtOneSeededField()
            => VerifyAsync(
                """
                using System;

                class C
                {
                    int A() => {|SEED001:Random.Shared|}.Next();

                    // keep me
                    double B() => {|SEED001:Random.Shared|}.NextDouble();
                }
                """,
                """
                using System;

                class C
                {
                    private static readonly Random s_random = new Random(42);

                    int A() => s_random.Next();

                    // keep me
                    double B() => s_random.NextDouble();
                }
                """,
                UseSeeded);

        /// <summary>
        /// Regression (found by the robustness suite): inserted through SyntaxGenerator, the field
        /// became an abstract property "Random s_random { get; }" in an interface, which a static
        /// member cannot use (CS0120).
        /// </summary>
        [Fact]
        public Task SharedInAnInterfaceGetsAStaticField()
            => VerifyAsync(
                """
                using System;

                interface IDice
                {
                    static int Roll() => {|SEED001:Random.Shared|}.Next(6);

                    int Twice() => Roll() + {|SEED001:Random.Shared|}.Next(6);
                }
                """,
                """
                using System;

                interface IDice
                {
                    private static readonly Random s_random = new Random(42);

                    static int Roll() => s_random.Next(6);

                    int Twice() => Roll() + s_random.Next(6);
                }
                """,
                UseSeeded);

        [Fact]
        public Task SharedReusesAnExistingSeededField()
            => VerifyAsync(
                """
                using System;

                class C
                {
                    private static readonly Random Rng = new Random(5);

                    int A() => {|SEED001:Random.Shared|}.Next();
                }
                """,
                """
                using System;

                class C
                {
                    private static readonly Random Rng = new Random(5);

                    int A() => Rng.Next();
                }
                """,
                UseSeeded);

        [Fact]
        public Task SharedPicksAFreeFieldName()
            => VerifyAsync(
                """
                using System;

                class C
                {
                    private static string s_random = "taken";

                    int A() => {|SEED001:Random.Shared|}.Next();
                }
                """,
                """
                using System;

                class C
                {
                    private static readonly Random s_seededRandom = new Random(42);
                    private static string s_random = "taken";

                    int A() => s_seededRandom.Next();
                }
                """,
                UseSeeded);

        [Fact]
        public Task SharedFieldUsesTheTypesSeedConstant()
            => VerifyAsync(
                """
                using System;

                class C
                {
                    const int Seed = 3;

                    int A() => {|SEED001:Random.Shared|}.Next();
                }
                """,
                """
                using System;

                class C
                {
                    private static readonly Random s_random = new Random(Seed);
                    const int Seed = 3;

                    int A() => s_random.Next();
                }
                """,
                UseSeeded);

        [Fact]
        public Task SharedInTopLevelStatementsBecomesALocalAtTheTop()
        {
            var test = new CodeFixTest<UnseededRandomAnalyzer, UnseededRandomCodeFixProvider>
            {
                TestCode = """
                    using System;

                    Console.WriteLine("start");
                    Console.WriteLine({|SEED001:Random.Shared|}.Next());
                    Console.WriteLine({|SEED001:Random.Shared|}.Next(3));
                    """,
                FixedCode = """
                    using System;

                    var random = new Random(42);
                    Console.WriteLine("start");
                    Console.WriteLine(random.Next());
                    Console.WriteLine(random.Next(3));
                    """,
                CodeActionEquivalenceKey = UseSeeded,
            };
            test.TestState.OutputKind = OutputKind.ConsoleApplication;
            return test.RunAsync();
        }

        [Fact]
        public Task SharedInPartialTypeAcrossFilesGetsOneField()
        {
            var test = new CodeFixTest<UnseededRandomAnalyzer, UnseededRandomCodeFixProvider>
            {
                CodeActionEquivalenceKey = UseSeeded,
            };
            test.TestState.Sources.Add(("/A.cs", """
                using System;

                partial class C
                {
                    int A() => {|SEED001:Random.Shared|}.Next();
                }
                """));
            test.TestState.Sources.Add(("/B.cs", """
                using System;

                partial class C
                {
                    int B() => {|SEED001:Random.Shared|}.Next();
                }
                """));
            test.FixedState.Sources.Add(("/A.cs", """
                using System;

                partial class C
                {
                    private static readonly Random s_random = new Random(42);

                    int A() => s_random.Next();
                }
                """));
            test.FixedState.Sources.Add(("/B.cs", """
                using System;

                partial class C
                {
                    int B() => s_random.Next();
                }
                """));
            return test.RunAsync();
        }

        [Fact]
        public Task FixAllOfOneKindLeavesTheOtherKind()
        {
            var test = new CodeFixTest<UnseededRandomAnalyzer, UnseededRandomCodeFixProvider>
            {
                TestCode = """
                    using System;

                    class C
                    {
                        Random A() => {|SEED001:new Random()|};
                        Random B() => {|SEED001:new Random()|};
                        int D() => {|SEED001:Random.Shared|}.Next();
                    }
                    """,
                FixedCode = """
                    using System;

                    class C
                    {
                        Random A() => new Random(42);
                        Random B() => new Random(42);
                        int D() => {|SEED001:Random.Shared|}.Next();
                    }
                    """,
                CodeActionEquivalenceKey = AddSeed,
            };
            test.FixedState.MarkupHandling = Microsoft.CodeAnalysis.Testing.MarkupMode.Allow;
            return test.RunAsync();
        }
    }
}
