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

        private static DiagnosticResult Missing(int marker, string draw, string why = NoSeed)
            => new DiagnosticResult(Descriptors.MissingTorchSeed).WithLocation(marker).WithArguments(draw, why);

        [Fact]
        public Task TopLevelProgramWithoutSeed()
            => TorchTest.ProgramAsync<MissingTorchSeedAnalyzer>("""
                using TorchSharp;

                var model = {|#0:torch.nn.Linear(1, 10)|};
                var more = torch.nn.Linear(10, 1);
                """, Missing(0, "torch.nn.Linear(1, 10)"));

        [Fact]
        public Task SeededTopLevelProgramIsQuiet()
            => TorchTest.ProgramAsync<MissingTorchSeedAnalyzer>("""
                using TorchSharp;

                torch.manual_seed(1);
                var model = torch.nn.Linear(1, 10);
                """);

        [Fact]
        public Task ClassWithMainAndAHelperThatDraws()
            => TorchTest.ProgramAsync<MissingTorchSeedAnalyzer>("""
                using TorchSharp;

                class Program
                {
                    static void Main()
                    {
                        var x = torch.zeros(3);
                        Train();
                    }

                    static void Train()
                    {
                        var w = {|#0:torch.randn(3, 3)|};
                        var b = torch.randn(3);
                    }

                    static void NeverCalled() => torch.rand(1);
                }
                """, Missing(0, "torch.randn(3, 3)"));

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
                """, Missing(0, "torch.nn.Linear(1, 10)"));

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

                        public static object Seeded()
                        {
                            torch.manual_seed(3);
                            return torch.nn.Linear(1, 10);
                        }
                    }
                    """,
                },
                OutputKind.DynamicallyLinkedLibrary,
                "root = true\n[*.cs]\nseeding.torch_seed_required = always\n",
                Missing(1, "torch.nn.Linear(1, 10)"),
                Missing(0, "torch.nn.Linear(1, 10)"));

        [Fact]
        public Task ProgramsAreLeftAloneWhenTheOptionSaysNever()
            => TorchTest.RunAsync<MissingTorchSeedAnalyzer>(
                new[] { "var model = TorchSharp.torch.nn.Linear(1, 10);" },
                OutputKind.ConsoleApplication,
                "root = true\n[*.cs]\nseeding.torch_seed_required = never\n");

        [Fact]
        public Task OncePerMethodAtItsFirstDraw()
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
    }
}
