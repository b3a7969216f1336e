using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Seeding.Analyzers.CodeFixes.Rules;
using Seeding.Analyzers.Rules;
using Seeding.Analyzers.Tests.Infrastructure;
using Xunit;

namespace Seeding.Analyzers.Tests.CodeFixes
{
    public sealed class NondeterministicSeedCodeFixProviderTests
    {
        private const string UseFixedSeed = NondeterministicSeedCodeFixProvider.UseFixedSeedKey;
        private const string RemoveReseed = NondeterministicSeedCodeFixProvider.RemoveReseedKey;

        private static Task VerifyAsync(string source, string fixedSource, string key, Libraries libraries = Libraries.None, string? editorConfig = null)
            => Verify.CodeFixAsync<NondeterministicSeedAnalyzer, NondeterministicSeedCodeFixProvider>(source, fixedSource, key, editorConfig, libraries);

        [Fact]
        public Task SeedFromTheClockBecomesTheDefaultSeed()
            => VerifyAsync(
                """
                using System;

                class C
                {
                    Random M() => new Random({|SEED004:(int)DateTime.Now.Ticks|}); // per run
                }
                """,
                """
                using System;

                class C
                {
                    Random M() => new Random(42); // per run
                }
                """,
                UseFixedSeed);

        [Fact]
        public Task SeedBecomesTheConfiguredSeedOrTheTypesSeedMember()
            => VerifyAsync(
                """
                using System;

                class C
                {
                    Random A() => new Random({|SEED004:Environment.TickCount|});

                    class Inner
                    {
                        private const int ExperimentSeed = 1234;

                        Random B() => new Random({|SEED004:unchecked((int)DateTime.UtcNow.Ticks)|});
                    }
                }
                """,
                """
                using System;

                class C
                {
                    Random A() => new Random(2024);

                    class Inner
                    {
                        private const int ExperimentSeed = 1234;

                        Random B() => new Random(ExperimentSeed);
                    }
                }
                """,
                UseFixedSeed,
                editorConfig: "root = true\n[*.cs]\nseeding.default_seed = 2024\n");

        [Fact]
        public Task OnlyTheArgumentIsReplacedWhenTheSeedComesThroughALocal()
            => VerifyAsync(
                """
                using System;

                class C
                {
                    int M(string name)
                    {
                        var seed = name.GetHashCode();
                        Console.WriteLine(seed);
                        return new Random({|SEED004:seed|}).Next();
                    }
                }
                """,
                """
                using System;

                class C
                {
                    int M(string name)
                    {
                        var seed = name.GetHashCode();
                        Console.WriteLine(seed);
                        return new Random(42).Next();
                    }
                }
                """,
                UseFixedSeed);

        [Fact]
        public Task TorchSharpSeedsGetAFixedSeedOfTheParameterType()
            => VerifyAsync(
                """
                using System;
                using TorchSharp;

                class C
                {
                    private static readonly int s_seed = 7;

                    void M(torch.utils.data.Dataset dataset)
                    {
                        torch.manual_seed({|SEED004:DateTime.Now.Ticks|});
                        torch.cuda.manual_seed_all({|SEED004:Environment.TickCount64|});
                        var generator = new torch.Generator({|SEED004:(ulong)DateTime.UtcNow.Ticks|});
                        generator.manual_seed({|SEED004:Environment.TickCount|});
                        using var loader = torch.utils.data.DataLoader(dataset, 32, shuffle: true, seed: {|SEED004:Environment.ProcessId|});
                    }
                }
                """,
                """
                using System;
                using TorchSharp;

                class C
                {
                    private static readonly int s_seed = 7;

                    void M(torch.utils.data.Dataset dataset)
                    {
                        torch.manual_seed(s_seed);
                        torch.cuda.manual_seed_all(s_seed);
                        var generator = new torch.Generator(unchecked((ulong)s_seed));
                        generator.manual_seed(s_seed);
                        using var loader = torch.utils.data.DataLoader(dataset, 32, shuffle: true, seed: s_seed);
                    }
                }
                """,
                UseFixedSeed,
                Libraries.TorchSharp);

        [Fact]
        public Task UnsignedSeedsTakeNonNegativeConstantsAsTheyAre()
            => VerifyAsync(
                """
                using System;
                using TorchSharp;

                class C
                {
                    private const int Seed = 5;

                    torch.Generator M() => new torch.Generator({|SEED004:(ulong)Environment.TickCount64|});
                }

                class D
                {
                    torch.Generator M() => new torch.Generator({|SEED004:(ulong)Environment.TickCount64|});
                }
                """,
                """
                using System;
                using TorchSharp;

                class C
                {
                    private const int Seed = 5;

                    torch.Generator M() => new torch.Generator(Seed);
                }

                class D
                {
                    torch.Generator M() => new torch.Generator(42);
                }
                """,
                UseFixedSeed,
                Libraries.TorchSharp);

        [Fact]
        public Task NegativeDefaultSeedIsConvertedForAnUnsignedSeed()
            => VerifyAsync(
                """
                using System;
                using TorchSharp;

                class C
                {
                    torch.Generator M() => new torch.Generator({|SEED004:(ulong)Environment.TickCount64|});
                }
                """,
                """
                using System;
                using TorchSharp;

                class C
                {
                    torch.Generator M() => new torch.Generator(unchecked((ulong)(-3)));
                }
                """,
                UseFixedSeed,
                Libraries.TorchSharp,
                "root = true\n[*.cs]\nseeding.default_seed = -3\n");

        [Fact]
        public Task MLNetAndMathNetSeedsGetAFixedSeed()
            => VerifyAsync(
                """
                using System;
                using MathNet.Numerics.Random;
                using Microsoft.ML;
                using Microsoft.ML.Trainers.FastTree;

                class C
                {
                    void M()
                    {
                        var ml = new MLContext(seed: {|SEED004:Environment.TickCount|});
                        var options = new FastTreeBinaryTrainer.Options { Seed = {|SEED004:DateTime.Now.Millisecond|} };
                        options.FeatureSelectionSeed = {|SEED004:Guid.NewGuid().GetHashCode()|};
                        var source = new MersenneTwister({|SEED004:RandomSeed.Robust()|});
                    }
                }
                """,
                """
                using System;
                using MathNet.Numerics.Random;
                using Microsoft.ML;
                using Microsoft.ML.Trainers.FastTree;

                class C
                {
                    void M()
                    {
                        var ml = new MLContext(seed: 42);
                        var options = new FastTreeBinaryTrainer.Options { Seed = 42 };
                        options.FeatureSelectionSeed = 42;
                        var source = new MersenneTwister(42);
                    }
                }
                """,
                UseFixedSeed,
                Libraries.MicrosoftML | Libraries.MathNet);

        [Fact]
        public Task NestedSeedsAreFixedByTheOuterReplacement()
        {
            var test = new CodeFixTest<NondeterministicSeedAnalyzer, NondeterministicSeedCodeFixProvider>
            {
                TestCode = """
                    using System;

                    class C
                    {
                        Random M() => new Random({|SEED004:new Random({|SEED004:Environment.TickCount|}).Next()|});
                    }
                    """,
                FixedCode = """
                    using System;

                    class C
                    {
                        Random M() => new Random(42);
                    }
                    """,
                CodeActionEquivalenceKey = UseFixedSeed,
            };
            return test.RunAsync(CancellationToken.None);
        }

        /// <summary>
        /// Regression (found by the robustness suite): comments inside a removed reseed, between
        /// its first and last token, were dropped with it.
        /// </summary>
        [Fact]
        public Task ReseedStatementsAreRemovedKeepingTheCommentsInsideThem()
            => VerifyAsync(
                """
                using TorchSharp;

                class C
                {
                    void M(torch.Generator generator)
                    {
                        {|SEED004:torch.random.seed(/* again */)|};
                        {|SEED004:generator // the model's own
                            .seed()|}; // after
                        Train();
                    }

                    void Train() { }
                }
                """,
                """
                using TorchSharp;

                class C
                {
                    void M(torch.Generator generator)
                    {
                        /* again */
                        // the model's own
                        // after
                        Train();
                    }

                    void Train() { }
                }
                """,
                RemoveReseed,
                Libraries.TorchSharp);

        [Fact]
        public Task ReseedStatementsAreRemovedKeepingComments()
            => VerifyAsync(
                """
                using TorchSharp;

                class C
                {
                    void M(torch.Generator generator)
                    {
                        torch.manual_seed(1);
                        {|SEED004:torch.seed()|};

                        // fresh randomness for each run
                        {|SEED004:torch.random.seed()|};
                        {|SEED004:generator.seed()|}; // why not
                        {|SEED004:generator?.seed()|};
                        Train();
                    }

                    void Train() { }

                    void N(int mode)
                    {
                        switch (mode)
                        {
                            case 1:
                                {|SEED004:torch.seed()|};
                                break;
                        }

                        /* the last word */
                        {|SEED004:torch.seed()|};
                    }
                }
                """,
                """
                using TorchSharp;

                class C
                {
                    void M(torch.Generator generator)
                    {
                        torch.manual_seed(1);

                        // fresh randomness for each run
                        // why not
                        Train();
                    }

                    void Train() { }

                    void N(int mode)
                    {
                        switch (mode)
                        {
                            case 1:
                                break;
                        }

                        /* the last word */
                    }
                }
                """,
                RemoveReseed,
                Libraries.TorchSharp);

        /// <summary>
        /// A source in another member (a field, a property, a helper) gets no fix at the seed:
        /// the member is what needs a fixed value. A source in a lambda or local function of the
        /// same member is fixed at the seed like a local.
        /// </summary>
        [Fact]
        public Task NoFixWhenTheSourceIsInAnotherMemberAndAFixInsideTheSameMember()
        {
            var source = """
                using System;

                class C
                {
                    static readonly int Seed = Environment.TickCount;

                    static long MakeSeed() => DateTime.UtcNow.Ticks;

                    void M()
                    {
                        var a = new Random({|SEED004:Seed|});
                        var b = new Random({|SEED004:(int)MakeSeed()|});
                        Func<int> make = () => Environment.TickCount;
                        var c = new Random({|SEED004:make()|});
                    }
                }
                """;

            // Only the lambda's seed is fixed; the other two stay as they are, still reported.
            var fixedSource = source.Replace(
                "{|SEED004:make()|}",
                "42");
            var test = new CodeFixTest<NondeterministicSeedAnalyzer, NondeterministicSeedCodeFixProvider>
            {
                TestCode = source,
                FixedCode = fixedSource,
                CodeActionEquivalenceKey = UseFixedSeed,
            };
            test.FixedState.MarkupHandling = MarkupMode.Allow;
            return test.RunAsync(CancellationToken.None);
        }

        [Fact]
        public Task NoRemovalWhereTheReseedsValueIsUsedOrItIsAnEmbeddedStatement()
        {
            var source = """
                using TorchSharp;

                class C
                {
                    long M(bool again)
                    {
                        var seed = {|SEED004:torch.seed()|};
                        if (again)
                            {|SEED004:torch.seed()|};
                        System.Action reseed = () => {|SEED004:torch.seed()|};
                        return seed;
                    }
                }
                """;
            var test = new CodeFixTest<NondeterministicSeedAnalyzer, NondeterministicSeedCodeFixProvider>(Libraries.TorchSharp)
            {
                TestCode = source,
                FixedCode = source,
                CodeActionEquivalenceKey = RemoveReseed,
            };
            return test.RunAsync(CancellationToken.None);
        }

        [Fact]
        public Task ReseedIsRemovedFromTopLevelStatements()
        {
            var test = new CodeFixTest<NondeterministicSeedAnalyzer, NondeterministicSeedCodeFixProvider>(Libraries.TorchSharp)
            {
                TestCode = """
                    using TorchSharp;

                    torch.manual_seed(42);
                    {|SEED004:torch.seed()|};
                    System.Console.WriteLine(torch.rand(1).item<float>());
                    """,
                FixedCode = """
                    using TorchSharp;

                    torch.manual_seed(42);
                    System.Console.WriteLine(torch.rand(1).item<float>());
                    """,
                CodeActionEquivalenceKey = RemoveReseed,
            };
            test.TestState.OutputKind = OutputKind.ConsoleApplication;
            test.FixedState.OutputKind = OutputKind.ConsoleApplication;
            return test.RunAsync(CancellationToken.None);
        }

        [Fact]
        public Task FixAllAcrossDocumentsUsesEachFilesSeed()
        {
            var test = new CodeFixTest<NondeterministicSeedAnalyzer, NondeterministicSeedCodeFixProvider>
            {
                CodeActionEquivalenceKey = UseFixedSeed,
            };
            test.TestState.Sources.Add(("/A.cs", """
                class A
                {
                    System.Random M() => new System.Random({|SEED004:System.Environment.TickCount|});
                    System.Random N() => new System.Random({|SEED004:System.Environment.ProcessId|});
                }
                """));
            test.TestState.Sources.Add(("/sub/B.cs", """
                class B
                {
                    System.Random M() => new System.Random({|SEED004:System.DateTime.Now.Second|});
                }
                """));
            test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", "root = true\n[*.cs]\nseeding.default_seed = 1\n[sub/*.cs]\nseeding.default_seed = 2\n"));
            test.FixedState.Sources.Add(("/A.cs", """
                class A
                {
                    System.Random M() => new System.Random(1);
                    System.Random N() => new System.Random(1);
                }
                """));
            test.FixedState.Sources.Add(("/sub/B.cs", """
                class B
                {
                    System.Random M() => new System.Random(2);
                }
                """));
            return test.RunAsync(CancellationToken.None);
        }
    }
}
