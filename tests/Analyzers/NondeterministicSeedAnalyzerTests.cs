using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using DiagnosticResult = Microsoft.CodeAnalysis.Testing.DiagnosticResult;
using Seeding.Analyzers.Rules;
using Seeding.Analyzers.Tests.Infrastructure;
using Xunit;

namespace Seeding.Analyzers.Tests.Analyzers
{
    public sealed class NondeterministicSeedAnalyzerTests
    {
        private static Task VerifyAsync(string source, Libraries libraries = Libraries.None)
            => Verify.AnalyzerAsync<NondeterministicSeedAnalyzer>(source, libraries);

        private static Task VerifyMessagesAsync(string source, Libraries libraries, params string[] messages)
        {
            var test = new AnalyzerTest<NondeterministicSeedAnalyzer>(libraries) { TestCode = source };
            for (var i = 0; i < messages.Length; i++)
            {
                test.ExpectedDiagnostics.Add(new DiagnosticResult(Descriptors.NondeterministicSeed).WithLocation(i).WithMessage(messages[i]));
            }

            return test.RunAsync();
        }

        [Fact]
        public Task FlagsSeedsFromTheClock()
            => VerifyAsync("""
                using System;
                using System.Diagnostics;

                class C
                {
                    void M()
                    {
                        _ = new Random({|SEED004:(int)DateTime.Now.Ticks|});
                        _ = new Random({|SEED004:DateTime.UtcNow.Millisecond|});
                        _ = new Random({|SEED004:DateTime.Today.DayOfYear|});
                        _ = new Random({|SEED004:(int)DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()|});
                        _ = new Random({|SEED004:Environment.TickCount|});
                        _ = new Random({|SEED004:(int)Environment.TickCount64|});
                        _ = new Random({|SEED004:(int)Stopwatch.GetTimestamp()|});
                        _ = new Random({|SEED004:TimeProvider.System.GetUtcNow().Millisecond|});
                        var watch = Stopwatch.StartNew();
                        _ = new Random({|SEED004:(int)watch.ElapsedMilliseconds|});
                        _ = new Random({|SEED004:(int)watch.Elapsed.Ticks|});
                        _ = new Random(Seed: {|SEED004:DateTime.Now.Second|});
                    }
                }
                """);

        [Fact]
        public Task FlagsSeedsFromTheProcessGuidsAndRandomisedHashes()
            => VerifyAsync("""
                using System;
                using System.Collections.Generic;

                class C
                {
                    void M(string name, int a, int b)
                    {
                        _ = new Random({|SEED004:Environment.ProcessId|});
                        _ = new Random({|SEED004:Guid.NewGuid().GetHashCode()|});
                        _ = new Random({|SEED004:"experiment-1".GetHashCode()|});
                        _ = new Random({|SEED004:name.GetHashCode()|});
                        _ = new Random({|SEED004:StringComparer.Ordinal.GetHashCode(name)|});
                        _ = new Random({|SEED004:StringComparer.OrdinalIgnoreCase.GetHashCode(name)|});
                        _ = new Random({|SEED004:EqualityComparer<string>.Default.GetHashCode(name)|});
                        IEqualityComparer<string> comparer = StringComparer.Ordinal;
                        _ = new Random({|SEED004:comparer.GetHashCode(name)|});
                        _ = new Random({|SEED004:HashCode.Combine(a, b)|});
                        _ = new Random({|SEED004:(a, b).GetHashCode()|});
                        _ = new Random({|SEED004:(a, b, name).GetHashCode()|});
                        var hash = new HashCode();
                        hash.Add(a);
                        _ = new Random({|SEED004:hash.ToHashCode()|});
                    }
                }
                """);

        [Fact]
        public Task FlagsSeedsFromCryptographicRandomnessAndUnseededGenerators()
            => VerifyAsync("""
                using System;
                using System.Security.Cryptography;

                class C
                {
                    void M()
                    {
                        _ = new Random({|SEED004:RandomNumberGenerator.GetInt32(1000)|});
                        _ = new Random({|SEED004:BitConverter.ToInt32(RandomNumberGenerator.GetBytes(4))|});
                        _ = new Random({|SEED004:new Random().Next()|});
                        _ = new Random({|SEED004:Random.Shared.Next(100)|});
                        var unseeded = new Random();
                        _ = new Random({|SEED004:unseeded.Next()|});
                        _ = new Random({|SEED004:new Random({|SEED004:Environment.TickCount|}).Next()|});
                    }
                }
                """);

        [Fact]
        public Task FollowsLocalsCastsArithmeticAndBranches()
            => VerifyAsync("""
                using System;

                class C
                {
                    void M(string[] args, int? configured, int n)
                    {
                        var ticks = DateTime.Now.Ticks;
                        int seed = (int)(ticks % 1000) + 1;
                        _ = new Random({|SEED004:seed|});
                        _ = new Random({|SEED004:unchecked((int)ticks)|});
                        _ = new Random({|SEED004:n ^ Environment.TickCount|});
                        _ = new Random({|SEED004:-Environment.TickCount % n|});
                        _ = new Random({|SEED004:args.Length > 0 ? int.Parse(args[0]) : Environment.TickCount|});
                        _ = new Random({|SEED004:configured ?? Environment.TickCount|});
                        _ = new Random({|SEED004:Math.Abs(Environment.TickCount)|});
                        _ = new Random({|SEED004:n switch { 0 => 1, _ => Environment.ProcessId }|});

                        int later;
                        later = Environment.TickCount;
                        _ = new Random({|SEED004:later|});

                        var bytes = System.Security.Cryptography.RandomNumberGenerator.GetBytes(4);
                        _ = new Random({|SEED004:bytes[0]|});
                    }
                }
                """);

        [Fact]
        public Task QuietOnConstantsParametersFieldsConfigurationAndStableHashes()
            => VerifyAsync("""
                using System;
                using System.Collections.Generic;

                class C
                {
                    private const int Seed = 42;
                    private static readonly int s_seed = int.Parse("7");
                    private readonly int _seed;

                    int Configured { get; set; }

                    void M(string[] args, int seed, long big, object boxed, Dictionary<string, int> settings)
                    {
                        _ = new Random(42);
                        _ = new Random(Seed);
                        _ = new Random(s_seed);
                        _ = new Random(_seed);
                        _ = new Random(seed);
                        _ = new Random(Configured);
                        _ = new Random(settings["seed"]);
                        _ = new Random(int.Parse(args[0]));
                        _ = new Random((int)new DateTime(2020, 1, 1).Ticks);
                        _ = new Random(new DateTime(2020, 1, 1).Millisecond);
                        _ = new Random(42.GetHashCode());
                        _ = new Random(seed.GetHashCode());
                        _ = new Random(big.GetHashCode());
                        _ = new Random(boxed.GetHashCode());
                        _ = new Random(GetHashCode());
                        _ = new Random(EqualityComparer<int>.Default.GetHashCode(seed));
                        _ = new Random(new Random(42).Next());
                        _ = new Random(seed + 1);
                        _ = new Random(unchecked(seed * 31));
                    }
                }
                """);

        /// <summary>
        /// A local's possible values are every value written to it in the method (see
        /// ValueSources): a clock default overridden by configuration on some paths is as
        /// run-dependent as <c>configured ?? Environment.TickCount</c>.
        /// </summary>
        [Fact]
        public Task FlagsLocalsWhenAnyValueWrittenToThemDiffersOnEveryRun()
            => VerifyMessagesAsync(
                """
                using System;

                class C
                {
                    void M(string[] args, bool fromConfig, int configured)
                    {
                        var seed = Environment.TickCount;
                        if (fromConfig)
                        {
                            seed = int.Parse(args[0]);
                        }

                        _ = new Random({|#0:seed|});

                        var mixed = 1;
                        mixed += Environment.TickCount;
                        _ = new Random({|#1:mixed|});

                        var late = configured;
                        if (args.Length == 0)
                        {
                            late = Environment.ProcessId;
                        }

                        _ = new Random({|#2:late|});
                    }
                }
                """,
                Libraries.None,
                "The seed passed to new Random(...) comes from Environment.TickCount, which differs on every run; use a fixed seed",
                "The seed passed to new Random(...) comes from Environment.TickCount, which differs on every run; use a fixed seed",
                "The seed passed to new Random(...) comes from Environment.ProcessId, which differs on every run; use a fixed seed");

        [Fact]
        public Task QuietOnLocalsWhoseValuesAreFixedOrCannotBeFollowed()
            => VerifyAsync("""
                using System;

                class C
                {
                    void M(string[] args, bool fromConfig)
                    {
                        var seed = 42;
                        if (fromConfig)
                        {
                            seed = int.Parse(args[0]);
                        }

                        _ = new Random(seed);

                        int.TryParse(args[0], out var parsed);
                        _ = new Random(parsed);

                        var (x, y) = (Environment.TickCount, 1);
                        _ = new Random(x);

                        for (var i = 0; i < 3; i++)
                        {
                            _ = new Random(i);
                        }

                        var counter = 0;
                        while (counter < 10)
                        {
                            counter = counter * 2 + 1;
                        }

                        _ = new Random(counter);
                    }
                }
                """);

        [Fact]
        public Task ReportsMessagesThatNameTheCallAndTheSource()
            => VerifyMessagesAsync(
                """
                using System;

                class C
                {
                    void M()
                    {
                        var seed = (int)DateTime.Now.Ticks;
                        _ = new Random({|#0:seed|});
                        _ = new Random({|#1:new Random().Next()|});
                        _ = new Random({|#2:"run".GetHashCode() ^ 17|});
                    }
                }
                """,
                Libraries.None,
                "The seed passed to new Random(...) comes from DateTime.Now.Ticks, which differs on every run; use a fixed seed",
                "The seed passed to new Random(...) comes from new Random().Next(), which differs on every run; use a fixed seed",
                "The seed passed to new Random(...) comes from \"run\".GetHashCode(), which differs on every run; use a fixed seed");

        [Fact]
        public Task FollowsStaticReadonlyFieldsGetOnlyPropertiesHelpersAndLambdas()
            => VerifyAsync("""
                using System;

                static class Settings
                {
                    public static readonly int Seed = Environment.TickCount;
                    public static int Tick { get; } = (int)DateTime.Now.Ticks;
                    public static int Derived => Seed % 1000;
                    public static long MakeSeed() => DateTime.UtcNow.Ticks;
                    public static int Nested() => (int)MakeSeed() ^ 7;
                    public static int Body()
                    {
                        if (Derived > 0)
                        {
                            return 1;
                        }

                        return Guid.NewGuid().GetHashCode();
                    }

                    public static readonly Func<int> Factory = () => Environment.TickCount;
                }

                class C
                {
                    void M()
                    {
                        _ = new Random({|SEED004:Settings.Seed|});
                        _ = new Random({|SEED004:Settings.Tick|});
                        _ = new Random({|SEED004:Settings.Derived|});
                        _ = new Random({|SEED004:(int)Settings.MakeSeed()|});
                        _ = new Random({|SEED004:Settings.Nested()|});
                        _ = new Random({|SEED004:Settings.Body()|});
                        _ = new Random({|SEED004:Settings.Factory()|});
                        Func<int> local = () => (int)DateTime.Now.Ticks;
                        _ = new Random({|SEED004:local()|});
                        _ = new Random({|SEED004:Helper()|});
                        _ = new Random({|SEED004:Invoke(Local)|});

                        int Helper() => Environment.ProcessId;
                        static int Local() => 0;
                    }

                    static int Invoke(Func<int> f) => f() + Environment.TickCount;
                }
                """);

        [Fact]
        public Task QuietOnDeterministicMembersAndOnesItCannotFollow()
            => VerifyAsync("""
                using System;

                abstract class Settings
                {
                    public const int Fixed = 42;
                    public static readonly int Seed = Fixed * 2;
                    public static readonly int Late;
                    public static int Tick { get; set; } = Environment.TickCount;
                    public int Assigned { get; }
                    public static int FromConfig => int.Parse(Environment.GetEnvironmentVariable("SEED") ?? "1");
                    public static int Stable() => "experiment".Length;
                    public abstract int Abstract();
                    public static readonly Func<int> Factory = () => 7;

                    static Settings() => Late = Environment.TickCount;

                    protected Settings(int seed) => Assigned = seed;

                    void M()
                    {
                        _ = new Random(Seed);
                        _ = new Random(Late);
                        _ = new Random(Tick);
                        _ = new Random(Assigned);
                        _ = new Random(FromConfig);
                        _ = new Random(Stable());
                        _ = new Random(Abstract());
                        _ = new Random(Factory());
                    }
                }
                """);

        [Fact]
        public Task RecursiveHelpersAndFieldsEnd()
            => VerifyAsync("""
                using System;

                class C
                {
                    static readonly int A = B + 1;
                    static readonly int B = A + 1;

                    static int Ping(int n) => n <= 0 ? 0 : Pong(n - 1);
                    static int Pong(int n) => n <= 0 ? 1 : Ping(n - 1);
                    static int Self(int n) => n <= 0 ? Environment.TickCount : Self(n - 1);
                    static int Deep1() => Deep2();
                    static int Deep2() => Deep3();
                    static int Deep3() => Deep4();
                    static int Deep4() => Environment.TickCount;

                    void M()
                    {
                        _ = new Random(A);
                        _ = new Random(Ping(3));
                        _ = new Random({|SEED004:Self(3)|});
                        _ = new Random({|SEED004:Deep3()|});
                        _ = new Random(Deep1()); // four members deep: beyond the walk's bound
                    }
                }
                """);

        [Fact]
        public Task NamesTheSourceInAnotherMemberAndPointsAtIt()
        {
            var test = new AnalyzerTest<NondeterministicSeedAnalyzer>
            {
                TestState =
                {
                    Sources =
                    {
                        ("/0/Program.cs", """
                            class Program
                            {
                                static void Main()
                                {
                                    var random = new System.Random(Config.Seed);
                                    System.Func<int> make = () => System.Environment.TickCount;
                                    var other = new System.Random(make());
                                }
                            }
                            """),
                        ("/0/Config.cs", """
                            static class Config
                            {
                                public static readonly int Seed = System.Environment.TickCount;
                            }
                            """),
                    },
                },
            };
            test.ExpectedDiagnostics.Add(
                new DiagnosticResult(Descriptors.NondeterministicSeed)
                    .WithSpan("/0/Program.cs", 5, 40, 5, 51)
                    .WithSpan("/0/Config.cs", 3, 39, 3, 67)
                    .WithMessage("The seed passed to new Random(...) comes from System.Environment.TickCount in Config.Seed, which differs on every run; use a fixed seed"));
            test.ExpectedDiagnostics.Add(
                new DiagnosticResult(Descriptors.NondeterministicSeed)
                    .WithSpan("/0/Program.cs", 7, 39, 7, 45)
                    .WithSpan("/0/Program.cs", 6, 39, 6, 67)
                    .WithMessage("The seed passed to new Random(...) comes from System.Environment.TickCount in a lambda, which differs on every run; use a fixed seed"));
            return test.RunAsync();
        }

        [Fact]
        public Task FlagsTorchSharpSeedingCalls()
            => VerifyAsync("""
                using System;
                using System.Diagnostics;
                using TorchSharp;

                class C
                {
                    void M(torch.utils.data.Dataset dataset)
                    {
                        torch.manual_seed({|SEED004:DateTime.Now.Ticks|});
                        torch.random.manual_seed({|SEED004:Environment.TickCount64|});
                        torch.cuda.manual_seed({|SEED004:Environment.TickCount|});
                        torch.cuda.manual_seed_all({|SEED004:Stopwatch.GetTimestamp()|});
                        var generator = new torch.Generator({|SEED004:(ulong)DateTime.UtcNow.Ticks|});
                        generator.manual_seed({|SEED004:Guid.NewGuid().GetHashCode()|});
                        using var loader = torch.utils.data.DataLoader(dataset, 32, shuffle: true, seed: {|SEED004:Environment.TickCount|});
                        using var constructed = new TorchSharp.Modules.DataLoader(dataset, 32, true, seed: {|SEED004:Environment.ProcessId|});
                    }
                }
                """,
                Libraries.TorchSharp);

        [Fact]
        public Task FlagsTorchSharpReseedsFromTheClock()
            => VerifyMessagesAsync(
                """
                using TorchSharp;

                class C
                {
                    void M(torch.Generator generator)
                    {
                        torch.manual_seed(1);
                        {|#0:torch.seed()|};
                        {|#1:torch.random.seed()|};
                        {|#2:generator.seed()|};
                        torch.manual_seed({|#4:{|#3:torch.seed()|}|});
                    }
                }
                """,
                Libraries.TorchSharp,
                "torch.seed() reseeds TorchSharp's generator from the clock and undoes any earlier torch.manual_seed; remove it",
                "torch.random.seed() reseeds TorchSharp's generator from the clock and undoes any earlier torch.manual_seed; remove it",
                "torch.Generator.seed() reseeds the generator from the clock and undoes any earlier manual_seed on it; remove it",
                "torch.seed() reseeds TorchSharp's generator from the clock and undoes any earlier torch.manual_seed; remove it",
                "The seed passed to torch.manual_seed(...) comes from torch.seed(), which differs on every run; use a fixed seed");

        [Fact]
        public Task QuietOnFixedTorchSharpSeeds()
            => VerifyAsync("""
                using TorchSharp;

                class C
                {
                    const long Seed = 7;

                    void M(torch.utils.data.Dataset dataset, long seed, string[] args)
                    {
                        torch.manual_seed(42);
                        torch.random.manual_seed(Seed);
                        torch.cuda.manual_seed_all(seed);
                        var generator = new torch.Generator(1234);
                        generator.manual_seed(long.Parse(args[0]));
                        var initial = torch.initial_seed();
                        torch.manual_seed(initial);
                        using var loader = torch.utils.data.DataLoader(dataset, 32, shuffle: true, seed: 1);
                        using var unseeded = torch.utils.data.DataLoader(dataset, 32, shuffle: true);
                    }
                }
                """,
                Libraries.TorchSharp);

        [Fact]
        public Task FlagsMLNetSeedsAndSeedProperties()
            => VerifyMessagesAsync(
                """
                using System;
                using Microsoft.ML;
                using Microsoft.ML.Trainers.FastTree;

                class C
                {
                    void M(IDataView data)
                    {
                        var ml = new MLContext(seed: {|#0:Environment.TickCount|});
                        _ = new MLContext({|#1:DateTime.Now.Millisecond|});
                        _ = ml.Data.TrainTestSplit(data, seed: {|#2:Environment.ProcessId|});
                        var options = new FastTreeBinaryTrainer.Options { Seed = {|#3:Environment.TickCount|} };
                        options.FeatureSelectionSeed = {|#4:Guid.NewGuid().GetHashCode()|};
                        _ = new MLContext(seed: 1);
                        _ = new MLContext();
                        options.Seed = 5;
                    }
                }
                """,
                Libraries.MicrosoftML,
                "The seed passed to new MLContext(...) comes from Environment.TickCount, which differs on every run; use a fixed seed",
                "The seed passed to new MLContext(...) comes from DateTime.Now.Millisecond, which differs on every run; use a fixed seed",
                "The seed passed to DataOperationsCatalog.TrainTestSplit(...) comes from Environment.ProcessId, which differs on every run; use a fixed seed",
                "The seed assigned to TreeOptions.Seed comes from Environment.TickCount, which differs on every run; use a fixed seed",
                "The seed assigned to TreeOptions.FeatureSelectionSeed comes from Guid.NewGuid().GetHashCode(), which differs on every run; use a fixed seed");

        [Fact]
        public Task FlagsMathNetSeededSources()
            => VerifyAsync("""
                using System;
                using MathNet.Numerics.Random;

                class C
                {
                    void M()
                    {
                        _ = new MersenneTwister({|SEED004:Environment.TickCount|});
                        _ = new SystemRandomSource({|SEED004:RandomSeed.Robust()|}, true);
                        _ = new Xoshiro256StarStar({|SEED004:new MersenneTwister().Next()|});
                        _ = new Mcg59({|SEED004:SystemRandomSource.Default.Next()|});
                        _ = SystemRandomSource.Doubles(10, {|SEED004:RandomSeed.Time()|});
                        _ = new MersenneTwister(42);
                        _ = new Xorshift(new MersenneTwister(7).Next());
                    }
                }
                """,
                Libraries.MathNet);

        [Fact]
        public Task FlagsInTopLevelStatementsLambdasAndLocalFunctions()
        {
            var test = new AnalyzerTest<NondeterministicSeedAnalyzer>
            {
                TestCode = """
                    using System;

                    var seed = Environment.TickCount;
                    var random = new Random({|SEED004:seed|});
                    Func<Random> make = () => new Random({|SEED004:seed|});
                    Random Local() => new Random({|SEED004:DateTime.Now.Millisecond|});
                    Console.WriteLine(random.Next() + make().Next() + Local().Next());
                    """,
            };
            test.TestState.OutputKind = OutputKind.ConsoleApplication;
            return test.RunAsync();
        }

        [Fact]
        public Task QuietInGeneratedCode()
            => VerifyAsync("""
                // <auto-generated/>
                using System;

                class C
                {
                    Random M() => new Random(Environment.TickCount);
                }
                """);

        [Fact]
        public Task QuietOnEmptySource() => VerifyAsync(string.Empty, Libraries.TorchSharp | Libraries.MicrosoftML | Libraries.MathNet);

        [Fact]
        public Task DoesNotThrowOnCodeThatDoesNotCompile()
            => VerifyAsync("""
                using System;

                class C
                {
                    void M()
                    {
                        _ = new Random(DateTime.Now.{|CS1061:Tickz|});
                        _ = new Random({|CS0103:undefined|});
                        _ = new {|CS1729:Random|}(Environment.TickCount, {|CS0103:x|});
                        int a = {|CS0841:b|}, b = a;
                        _ = new Random(a);
                        _ = new Random({|SEED004:Environment.TickCount|}{|CS1026:|}{|CS1002:|}
                    }
                }
                """);
    }
}
