using System.Threading.Tasks;
using Microsoft.CodeAnalysis.Testing;
using Seeding.Analyzers.CodeFixes.Rules;
using Seeding.Analyzers.Rules;
using Seeding.Analyzers.Tests.Infrastructure;
using Xunit;

namespace Seeding.Analyzers.Tests.CodeFixes
{
    public sealed class SharedGeneratorAcrossThreadsCodeFixProviderTests
    {
        private const string PerIteration = SharedGeneratorAcrossThreadsCodeFixProvider.GeneratorPerIterationKey;

        private static Task VerifyAsync(string source, string fixedSource)
            => Verify.CodeFixAsync<SharedGeneratorAcrossThreadsAnalyzer, SharedGeneratorAcrossThreadsCodeFixProvider>(source, fixedSource, PerIteration);

        [Fact]
        public Task BlockBodyGetsOneGeneratorPerIterationForEveryDrawOfTheSharedOne()
            => VerifyAsync(
                """
                using System;
                using System.Threading.Tasks;

                class C
                {
                    double[] M()
                    {
                        var rng = new Random(42);
                        var results = new double[100];
                        Parallel.For(0, results.Length, i =>
                        {
                            // jitter the sample
                            var jitter = {|SEED008:rng.NextDouble()|};
                            results[i] = jitter * {|SEED008:rng.Next(10)|}; // scaled
                        });
                        return results;
                    }
                }
                """,
                """
                using System;
                using System.Threading.Tasks;

                class C
                {
                    double[] M()
                    {
                        var rng = new Random(42);
                        var results = new double[100];
                        Parallel.For(0, results.Length, i =>
                        {
                            var iterationRng = new Random(unchecked(42 * 1_000_003 + i));
                            // jitter the sample
                            var jitter = iterationRng.NextDouble();
                            results[i] = jitter * iterationRng.Next(10); // scaled
                        });
                        return results;
                    }
                }
                """);

        [Fact]
        public Task ExpressionBodyBecomesABlock()
            => VerifyAsync(
                """
                using System;
                using System.Threading.Tasks;

                class C
                {
                    void M(int[] results)
                    {
                        const int Seed = 7;
                        var rng = new Random(Seed);
                        Parallel.For(0, results.Length, index => results[index] = {|SEED008:rng.Next()|} /* draw */);
                    }
                }
                """,
                """
                using System;
                using System.Threading.Tasks;

                class C
                {
                    void M(int[] results)
                    {
                        const int Seed = 7;
                        var rng = new Random(Seed);
                        Parallel.For(0, results.Length, index =>
                        {
                            var iterationRng = new Random(unchecked(Seed * 1_000_003 + index));
                            results[index] = iterationRng.Next(); /* draw */
                        });
                    }
                }
                """);

        [Fact]
        public Task ReadonlyFieldsSeededFromConstantsAndReadonlyLocals()
            => VerifyAsync(
                """
                using System;
                using System.Threading.Tasks;

                class C
                {
                    private const int Seed = 1234;
                    private static readonly int s_seed = 5;
                    private readonly Random _random = new Random(Seed);
                    private static readonly Random s_shared = new Random(s_seed);

                    void M(int[] results)
                    {
                        var seed = 99;
                        var local = new Random(seed);
                        Parallel.For(0, results.Length, (i, state) =>
                        {
                            results[i] = {|SEED008:_random.Next()|} + {|SEED008:C.s_shared.Next()|} + {|SEED008:this._random.Next()|} + {|SEED008:local.Next()|};
                        });
                    }
                }
                """,
                """
                using System;
                using System.Threading.Tasks;

                class C
                {
                    private const int Seed = 1234;
                    private static readonly int s_seed = 5;
                    private readonly Random _random = new Random(Seed);
                    private static readonly Random s_shared = new Random(s_seed);

                    void M(int[] results)
                    {
                        var seed = 99;
                        var local = new Random(seed);
                        Parallel.For(0, results.Length, (i, state) =>
                        {
                            var iterationRandom = new Random(unchecked(Seed * 1_000_003 + i));
                            var iterationShared = new Random(unchecked(s_seed * 1_000_003 + i));
                            var iterationLocal = new Random(unchecked(seed * 1_000_003 + i));
                            results[i] = iterationRandom.Next() + iterationShared.Next() + iterationRandom.Next() + iterationLocal.Next();
                        });
                    }
                }
                """);

        [Fact]
        public Task FixAllCoversEveryLoopAndAvoidsTakenNames()
            => VerifyAsync(
                """
                using System;
                using System.Threading.Tasks;

                class C
                {
                    void M(int[] a, int[] b)
                    {
                        var rng = new Random(3);
                        Parallel.For(0, a.Length, i =>
                        {
                            var iterationRng = 1;
                            a[i] = iterationRng + {|SEED008:rng.Next()|};
                        });
                        Parallel.For(0, b.Length, j => b[j] = {|SEED008:rng.Next()|});
                    }
                }
                """,
                """
                using System;
                using System.Threading.Tasks;

                class C
                {
                    void M(int[] a, int[] b)
                    {
                        var rng = new Random(3);
                        Parallel.For(0, a.Length, i =>
                        {
                            var iterationRng2 = new Random(unchecked(3 * 1_000_003 + i));
                            var iterationRng = 1;
                            a[i] = iterationRng + iterationRng2.Next();
                        });
                        Parallel.For(0, b.Length, j =>
                        {
                            var iterationRng = new Random(unchecked(3 * 1_000_003 + j));
                            b[j] = iterationRng.Next();
                        });
                    }
                }
                """);

        [Fact]
        public async Task FixAllInTheProjectFixesEveryDocument()
        {
            var test = new CodeFixTest<SharedGeneratorAcrossThreadsAnalyzer, SharedGeneratorAcrossThreadsCodeFixProvider>
            {
                CodeActionEquivalenceKey = PerIteration,
                CodeFixTestBehaviors = CodeFixTestBehaviors.SkipFixAllInDocumentCheck | CodeFixTestBehaviors.SkipFixAllInSolutionCheck,
            };
            test.TestState.Sources.Add(("/A.cs", """
                using System;
                using System.Threading.Tasks;

                static class A
                {
                    private static readonly Random s_rng = new Random(1);

                    public static void M(int[] r) => Parallel.For(0, r.Length, i => r[i] = {|SEED008:s_rng.Next()|});
                }
                """));
            test.TestState.Sources.Add(("/B.cs", """
                using System;
                using System.Threading.Tasks;

                static class B
                {
                    public static void M(int[] r)
                    {
                        var rng = new Random(2);
                        Parallel.For(0, r.Length, i => { r[i] = {|SEED008:rng.Next()|}; });
                    }
                }
                """));
            test.FixedState.Sources.Add(("/A.cs", """
                using System;
                using System.Threading.Tasks;

                static class A
                {
                    private static readonly Random s_rng = new Random(1);

                    public static void M(int[] r) => Parallel.For(0, r.Length, i =>
                    {
                        var iterationRng = new Random(unchecked(1 * 1_000_003 + i));
                        r[i] = iterationRng.Next();
                    });
                }
                """));
            test.FixedState.Sources.Add(("/B.cs", """
                using System;
                using System.Threading.Tasks;

                static class B
                {
                    public static void M(int[] r)
                    {
                        var rng = new Random(2);
                        Parallel.For(0, r.Length, i => { var iterationRng = new Random(unchecked(2 * 1_000_003 + i)); r[i] = iterationRng.Next(); });
                    }
                }
                """));
            await test.RunAsync();
        }

        [Fact]
        public Task KeywordNamesStayEscaped()
            => VerifyAsync(
                """
                using System;
                using System.Threading.Tasks;

                class C
                {
                    void M(int[] results)
                    {
                        var @event = 8;
                        var rng = new Random(@event);
                        Parallel.For(0, results.Length, @class => results[@class] = {|SEED008:rng.Next()|});
                    }
                }
                """,
                """
                using System;
                using System.Threading.Tasks;

                class C
                {
                    void M(int[] results)
                    {
                        var @event = 8;
                        var rng = new Random(@event);
                        Parallel.For(0, results.Length, @class =>
                        {
                            var iterationRng = new Random(unchecked(@event * 1_000_003 + @class));
                            results[@class] = iterationRng.Next();
                        });
                    }
                }
                """);

        [Fact]
        public Task NoFixWhereItWouldNotBeSafe()
        {
            // A reassigned local seed or generator, a non-readonly field, a long index, another construct:
            // each keeps its diagnostic and gets no fix.
            var source = """
                using System;
                using System.Threading.Tasks;

                class C
                {
                    private Random _mutable = new Random(1);

                    void M(int[] results, int[] items)
                    {
                        var seed = 5;
                        seed++;
                        var fromMutableSeed = new Random(seed);
                        var reassigned = new Random(2);
                        reassigned = new Random(3);
                        Parallel.For(0, results.Length, i => results[i] = {|SEED008:fromMutableSeed.Next()|});
                        Parallel.For(0, results.Length, i => results[i] = {|SEED008:reassigned.Next()|});
                        Parallel.For(0, results.Length, i => results[i] = {|SEED008:_mutable.Next()|});
                        Parallel.For(0L, results.LongLength, i => results[i] = {|SEED008:fromMutableSeed.Next()|});
                        Parallel.ForEach(items, item => {|SEED008:fromMutableSeed.Next()|});
                        Task.Run(() => {|SEED008:reassigned.Next()|});
                    }
                }
                """;
            return VerifyAsync(source, source);
        }

        [Fact]
        public Task TorchDrawsGetNoFix()
        {
            var source = """
                using System.Threading.Tasks;
                using TorchSharp;

                class C
                {
                    void M() => Parallel.For(0, 4, i => {|SEED008:torch.rand(3)|});
                }
                """;
            return Verify.CodeFixAsync<SharedGeneratorAcrossThreadsAnalyzer, SharedGeneratorAcrossThreadsCodeFixProvider>(
                source, source, PerIteration, libraries: Libraries.TorchSharp);
        }
    }
}
