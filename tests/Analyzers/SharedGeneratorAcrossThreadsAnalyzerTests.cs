using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Seeding.Analyzers.Rules;
using Seeding.Analyzers.Tests.Infrastructure;
using Xunit;

namespace Seeding.Analyzers.Tests.Analyzers
{
    public sealed class SharedGeneratorAcrossThreadsAnalyzerTests
    {
        private const string OneInstanceAdvice = "which item draws next is up to the scheduler, and concurrent draws corrupt it; "
            + "give each work item its own Random seeded from the seed and its index";

        private const string SameSeedAdvice = "which items each thread takes is up to the partitioner; seed one generator per work item from the seed and its index";

        private const string NoGeneratorAdvice = "the order of draws across threads is up to the scheduler, and this call takes no generator: "
            + "make it before the parallel work starts (build models first, then hand them to the work items)";

        private static Task VerifyAsync(string source, params DiagnosticResult[] expected)
        {
            var test = new Infrastructure.AnalyzerTest<SharedGeneratorAcrossThreadsAnalyzer> { TestCode = source };
            test.ExpectedDiagnostics.AddRange(expected);
            return test.RunAsync();
        }

        private static DiagnosticResult Shared(int marker, string draw, string generator, string construct)
            => new DiagnosticResult(Descriptors.SharedGeneratorAcrossThreads)
                .WithLocation(marker)
                .WithArguments("'" + draw + "'", "'" + generator + "', one System.Random that every work item shares", construct, OneInstanceAdvice);

        [Fact]
        public Task LocalGeneratorDrawnInParallelFor()
            => VerifyAsync("""
                using System;
                using System.Threading.Tasks;

                class C
                {
                    int[] M()
                    {
                        var rng = new Random(42);
                        var results = new int[100];
                        Parallel.For(0, results.Length, i => results[i] = {|#0:rng.Next()|});
                        return results;
                    }
                }
                """, Shared(0, "rng.Next()", "rng", "Parallel.For"));

        [Fact]
        public Task FieldPropertyAndParameterGeneratorsInEveryParallelConstruct()
            => VerifyAsync("""
                using System;
                using System.Linq;
                using System.Threading;
                using System.Threading.Tasks;

                class C
                {
                    private readonly Random _field = new Random(1);
                    private static readonly Random s_static = new Random(2);
                    public Random Property { get; } = new Random(3);

                    async Task M(Random parameter, int[] items)
                    {
                        Parallel.ForEach(items, item => {|SEED008:_field.NextDouble()|});
                        Parallel.Invoke(() => {|SEED008:s_static.Next()|}, () => {|SEED008:Property.Next(3)|});
                        await Task.Run(() => {|SEED008:parameter.Next()|});
                        await Task.Factory.StartNew(() => {|SEED008:this._field.Next()|});
                        new Thread(() => {|SEED008:parameter.NextBytes(new byte[4])|}).Start();
                        ThreadPool.QueueUserWorkItem(_ => {|SEED008:_field.Next()|});
                        await Parallel.ForEachAsync(items, async (item, token) => { {|SEED008:_field.Next()|}; await Task.Yield(); });
                        var plinq = items.AsParallel().Select(x => x + {|SEED008:_field.Next()|}).ToArray();
                        items.AsParallel().ForAll(x => {|SEED008:s_static.Next()|});
                        await Task.Run({|SEED008:parameter.NextDouble|});
                    }
                }
                """);

        [Fact]
        public Task GeneratorOfAnObjectCreatedBeforeTheWork()
            => VerifyAsync("""
                using System;
                using System.Threading.Tasks;

                class Augmenter
                {
                    public Random Rng { get; } = new Random(5);
                }

                class C
                {
                    void M()
                    {
                        var shared = new Augmenter();
                        Parallel.For(0, 10, i => {|SEED008:shared.Rng.Next()|});
                        Parallel.For(0, 10, i => new Augmenter().Rng.Next());
                    }
                }
                """);

        [Fact]
        public Task ThreadLocalAndThreadStaticWithOneFixedSeed()
            => VerifyAsync("""
                using System;
                using System.Threading;
                using System.Threading.Tasks;

                class C
                {
                    private static readonly ThreadLocal<Random> s_local = new ThreadLocal<Random>(() => new Random(42));

                    [ThreadStatic]
                    private static Random? t_random;

                    void M(int seed)
                    {
                        var local = new ThreadLocal<Random>(() => new Random(seed));
                        Parallel.For(0, 10, i => {|#0:s_local.Value!.Next()|});
                        Parallel.For(0, 10, i => {|SEED008:local.Value!.Next()|});
                        Parallel.For(0, 10, i =>
                        {
                            t_random ??= new Random(7);
                            {|SEED008:t_random.Next()|};
                        });
                        Parallel.For(0, 10, i => {|SEED008:(t_random ??= new Random(7)).Next()|});
                    }
                }
                """,
                new DiagnosticResult(Descriptors.SharedGeneratorAcrossThreads).WithLocation(0).WithArguments(
                    "'s_local.Value!.Next()'", "'s_local.Value', a Random each thread creates with the same seed", "Parallel.For", SameSeedAdvice));

        [Fact]
        public Task GeneratorsOfTheProjectsOwnMethodsOneCallDeep()
            => VerifyAsync("""
                using System;
                using System.Threading.Tasks;

                class Augmenter
                {
                    private readonly Random _rng = new Random(3);
                    private static readonly Random s_rng = new Random(4);

                    public double Jitter() => _rng.NextDouble();

                    public static int Pick() => s_rng.Next();

                    public static int Draw(Random from) => from.Next();

                    public void Apply(int index) => _rng.Next();
                }

                class C
                {
                    void M()
                    {
                        var augmenter = new Augmenter();
                        var rng = new Random(1);
                        Parallel.For(0, 10, i => {|#0:augmenter.Jitter()|});
                        Parallel.For(0, 10, i => {|SEED008:Augmenter.Pick()|});
                        Parallel.For(0, 10, i => {|SEED008:Augmenter.Draw(rng)|});
                        Parallel.For(0, 10, i => new Augmenter().Jitter());
                        Parallel.For(0, 10, i => Augmenter.Draw(new Random(i)));
                        Parallel.For(0, 10, {|SEED008:augmenter.Apply|});
                    }
                }
                """,
                new DiagnosticResult(Descriptors.SharedGeneratorAcrossThreads).WithLocation(0).WithArguments(
                    "'augmenter.Jitter()'",
                    "'_rng', one System.Random that every work item shares (through '_rng.NextDouble()', line 9)",
                    "Parallel.For",
                    OneInstanceAdvice));

        [Fact]
        public Task LocalFunctionsCalledFromTheBodyAreScannedAsPartOfIt()
            => VerifyAsync("""
                using System;
                using System.Threading.Tasks;

                class C
                {
                    void M()
                    {
                        var rng = new Random(1);
                        Parallel.For(0, 10, i => Work(i));

                        void Work(int i)
                        {
                            var own = new Random(i);
                            own.Next();
                            {|SEED008:rng.Next()|};
                        }
                    }
                }
                """);

        [Fact]
        public Task NestedConstructReportsEachDrawOnce()
            => VerifyAsync("""
                using System;
                using System.Threading.Tasks;

                class C
                {
                    Task M()
                    {
                        var rng = new Random(1);
                        return Task.Run(() =>
                        {
                            var inner = new Random(2);
                            Parallel.For(0, 10, i => _ = {|#0:inner.Next()|} + {|#1:rng.Next()|});
                        });
                    }
                }
                """,
                Shared(0, "inner.Next()", "inner", "Parallel.For"),
                Shared(1, "rng.Next()", "rng", "Parallel.For"));

        [Fact]
        public Task NotSequentialLambdasLoopsOrAsSequential()
            => VerifyAsync("""
                using System;
                using System.Linq;

                class C
                {
                    int[] M(int[] items)
                    {
                        var rng = new Random(1);
                        var a = items.Select(x => x + rng.Next()).ToArray();
                        items.ToList().ForEach(x => rng.Next());
                        for (var i = 0; i < 10; i++) { rng.Next(); }
                        return items.AsParallel().AsSequential().Select(x => rng.Next()).ToArray();
                    }
                }
                """);

        [Fact]
        public Task NotAGeneratorCreatedInsideTheBody()
            => VerifyAsync("""
                using System;
                using System.Threading.Tasks;

                class C
                {
                    void M()
                    {
                        Parallel.For(0, 10, i =>
                        {
                            var rng = new Random(unchecked(42 * 1_000_003 + i));
                            rng.Next();
                            Random other = rng;
                            other.NextDouble();
                        });
                        Task.Run(() => new Random(3).Next());
                    }
                }
                """);

        [Fact]
        public Task NotRandomShared()
            => VerifyAsync("""
                using System;
                using System.Threading.Tasks;

                class C
                {
                    void M() => Parallel.For(0, 10, i => Random.Shared.Next());
                }
                """);

        [Fact]
        public Task NotPerThreadGeneratorsWithDifferentSeedsOrItemsThatAreGenerators()
            => VerifyAsync("""
                using System;
                using System.Threading;
                using System.Threading.Tasks;

                class C
                {
                    private static int s_next;

                    void M(Random[] generators)
                    {
                        var perThread = new ThreadLocal<Random>(() => new Random(Interlocked.Increment(ref s_next)));
                        Parallel.For(0, 10, i => perThread.Value!.Next());
                        Parallel.ForEach(generators, g => g.Next());
                    }
                }
                """);

        [Fact]
        public Task TorchDrawsInParallelBodies()
            => TorchTest.LibraryAsync<SharedGeneratorAcrossThreadsAnalyzer>("""
                using System.Threading.Tasks;
                using TorchSharp;

                class C
                {
                    void M()
                    {
                        Parallel.For(0, 4, i => {|#0:torch.rand(3)|});
                        Task.Run(() => {|#1:torch.nn.Linear(1, 10)|});
                        var g = new torch.Generator(42);
                        Parallel.For(0, 4, i => {|#2:torch.rand(3, generator: g)|});
                        Parallel.For(0, 4, i =>
                        {
                            using var own = new torch.Generator(unchecked((ulong)(42 * 1_000_003L + i)));
                            torch.rand(3, generator: own);
                        });
                    }
                }
                """,
                new DiagnosticResult(Descriptors.SharedGeneratorAcrossThreads).WithLocation(2).WithArguments(
                    "'torch.rand(3, generator: g)'", "'g', one torch.Generator that every work item shares", "Parallel.For", SharedGeneratorAcrossThreadsAnalyzer.TorchAdvice),
                new DiagnosticResult(Descriptors.SharedGeneratorAcrossThreads).WithLocation(0).WithArguments(
                    "'torch.rand(3)'", "TorchSharp's global generator", "Parallel.For", SharedGeneratorAcrossThreadsAnalyzer.TorchAdvice),
                new DiagnosticResult(Descriptors.SharedGeneratorAcrossThreads).WithLocation(1).WithArguments(
                    "'torch.nn.Linear(1, 10)'", "TorchSharp's global generator", "Task.Run", NoGeneratorAdvice));

        [Fact]
        public Task TorchDrawsThroughOwnMethodsAndConstructorsFollowTheFlowEngine()
            => TorchTest.ProgramAsync<SharedGeneratorAcrossThreadsAnalyzer>("""
                using System.Linq;
                using System.Threading.Tasks;
                using TorchSharp;

                class Model
                {
                    private readonly torch.nn.Module<torch.Tensor, torch.Tensor> _layer = torch.nn.Linear(2, 2);
                }

                static class Program
                {
                    static torch.Tensor Noise() => Deeper();

                    static torch.Tensor Deeper() => torch.randn(3);

                    static torch.Tensor Quiet() => torch.zeros(3);

                    static void Main()
                    {
                        torch.manual_seed(1);
                        Parallel.For(0, 4, i => {|#0:Noise()|});
                        Parallel.For(0, 4, i => Quiet());
                        var models = Enumerable.Range(0, 4).AsParallel().Select(i => {|#1:new Model()|}).ToArray();
                    }
                }
                """,
                new DiagnosticResult(Descriptors.SharedGeneratorAcrossThreads).WithLocation(0).WithArguments(
                    "'Noise()'", "TorchSharp's global generator (through 'torch.randn(3)', line 14)", "Parallel.For", SharedGeneratorAcrossThreadsAnalyzer.TorchAdvice),
                new DiagnosticResult(Descriptors.SharedGeneratorAcrossThreads).WithLocation(1).WithArguments(
                    "'new Model()'", "TorchSharp's global generator (through 'torch.nn.Linear(2, 2)', line 7)", "the PLINQ Select", SharedGeneratorAcrossThreadsAnalyzer.TorchAdvice));

        [Fact]
        public Task TheRewritesOnTheRulePageAreQuiet()
            => TorchTest.LibraryAsync<SharedGeneratorAcrossThreadsAnalyzer>("""
                using System;
                using System.Linq;
                using System.Threading.Tasks;
                using TorchSharp;

                class C
                {
                    void M(int n, double[] noise, int[] items)
                    {
                        Parallel.For(0, n, i =>
                        {
                            var iterationRng = new Random(unchecked(42 * 1_000_003 + i));
                            noise[i] = iterationRng.NextDouble();
                        });

                        var values = items.AsParallel().AsOrdered()
                            .Select((item, i) => new Random(unchecked(42 * 1_000_003 + i)).NextDouble())
                            .ToArray();

                        var masks = Enumerable.Range(0, n).AsParallel().AsOrdered()
                            .Select(i =>
                            {
                                using var generator = new torch.Generator(unchecked((ulong)(42 * 1_000_003L + i)));
                                return torch.rand(16, generator: generator) > 0.5;
                            })
                            .ToArray();

                        var models = Enumerable.Range(0, 4).Select(_ => torch.nn.Linear(16, 1)).ToArray();
                    }
                }
                """);

        [Fact]
        public Task BrokenCodeDoesNotThrow()
            => VerifyAsync("""
                using System;
                using System.Threading.Tasks;

                class C
                {
                    void M()
                    {
                        var rng = new Random(1);
                        Parallel.For(0, 10, i => rng.{|CS1061:Missing|}());
                        Task.Run({|CS0103:Unknown|});
                        Parallel.For(0, 10, i => { rng.Next(); {|CS0103:missing|}(); });
                        Parallel.For(0, 10, (i, j, k) {|CS1593:=>|} rng.Next());
                    }
                }
                """);
    }
}
