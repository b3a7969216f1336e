using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Seeding.Analyzers.CodeFixes.Rules;
using Seeding.Analyzers.Rules;
using Seeding.Analyzers.Tests.Infrastructure;
using Xunit;

namespace Seeding.Analyzers.Tests.CodeFixes
{
    public sealed class SeedAfterDrawCodeFixProviderTests
    {
        private static Task VerifyAsync(string source, string fixedSource)
        {
            var test = new CodeFixTest<SeedAfterDrawAnalyzer, SeedAfterDrawCodeFixProvider>(Libraries.TorchSharp)
            {
                TestCode = source,
                FixedCode = fixedSource,
                CodeActionEquivalenceKey = SeedAfterDrawCodeFixProvider.MoveSeedKey,
                MarkupOptions = MarkupOptions.UseFirstDescriptor,
            };
            test.TestState.OutputKind = OutputKind.ConsoleApplication;
            return test.RunAsync();
        }

        /// <summary>With SEED003 running too: before the fix it leaves the late seed to this rule, and after it nothing is left for either.</summary>
        [Fact]
        public Task MovingTheSeedUpLeavesNothingForMissingTorchSeed()
            => new SeedOrderCodeFixTest<SeedAfterDrawCodeFixProvider>
            {
                TestCode = """
                    using TorchSharp;

                    class Program
                    {
                        static void Main()
                        {
                            var data = torch.zeros(3);
                            var model = torch.nn.Sequential(torch.nn.Linear(1, 10), torch.nn.Linear(10, 1));
                            {|SEED002:torch.manual_seed(1)|};
                            var noise = torch.rand(3);
                        }
                    }
                    """,
                FixedCode = """
                    using TorchSharp;

                    class Program
                    {
                        static void Main()
                        {
                            var data = torch.zeros(3);
                            torch.manual_seed(1);
                            var model = torch.nn.Sequential(torch.nn.Linear(1, 10), torch.nn.Linear(10, 1));
                            var noise = torch.rand(3);
                        }
                    }
                    """,
                CodeActionEquivalenceKey = SeedAfterDrawCodeFixProvider.MoveSeedKey,
            }.RunAsync();

        [Fact]
        public Task MovesTheSeedBeforeTheFirstDrawInTheSameBlock()
            => VerifyAsync(
                """
                using TorchSharp;

                class Program
                {
                    static void Main()
                    {
                        var data = torch.zeros(3);
                        var model = torch.nn.Linear(1, 10);
                        var loss = torch.nn.MSELoss();
                        // seed for reproducibility
                        {|SEED002:torch.manual_seed(1)|};
                        System.Console.WriteLine(model);
                    }
                }
                """,
                """
                using TorchSharp;

                class Program
                {
                    static void Main()
                    {
                        var data = torch.zeros(3);
                        // seed for reproducibility
                        torch.manual_seed(1);
                        var model = torch.nn.Linear(1, 10);
                        var loss = torch.nn.MSELoss();
                        System.Console.WriteLine(model);
                    }
                }
                """);

        [Fact]
        public Task MovesAGeneratorDeclarationInTopLevelStatements()
            => VerifyAsync(
                """
                using TorchSharp;

                const long Seed = 3;
                var model = torch.nn.Linear(1, 10);
                using var g = {|SEED002:torch.random.manual_seed(Seed)|};
                """,
                """
                using TorchSharp;

                const long Seed = 3;
                using var g = torch.random.manual_seed(Seed);
                var model = torch.nn.Linear(1, 10);

                """);

        [Fact]
        public Task NoFixWhenTheSeedValueIsComputedAfterTheDraw()
            => VerifyAsync(
                """
                using TorchSharp;

                class Program
                {
                    static void Main(string[] args)
                    {
                        var model = torch.nn.Linear(1, 10);
                        long seed = args.Length;
                        {|SEED002:torch.manual_seed(seed)|};
                    }
                }
                """,
                """
                using TorchSharp;

                class Program
                {
                    static void Main(string[] args)
                    {
                        var model = torch.nn.Linear(1, 10);
                        long seed = args.Length;
                        {|SEED002:torch.manual_seed(seed)|};
                    }
                }
                """);

        [Fact]
        public Task NoFixWhenTheSeedReadsAFieldThatAStatementInBetweenMaySet()
            => VerifyAsync(
                """
                using TorchSharp;

                static class Config
                {
                    public static long Seed;

                    public static void Load(string[] args) => Seed = args.Length + 1;
                }

                class Program
                {
                    static void Main(string[] args)
                    {
                        var model = torch.nn.Linear(1, 1);
                        Config.Load(args);
                        {|SEED002:torch.manual_seed(Config.Seed)|};
                    }
                }
                """,
                """
                using TorchSharp;

                static class Config
                {
                    public static long Seed;

                    public static void Load(string[] args) => Seed = args.Length + 1;
                }

                class Program
                {
                    static void Main(string[] args)
                    {
                        var model = torch.nn.Linear(1, 1);
                        Config.Load(args);
                        {|SEED002:torch.manual_seed(Config.Seed)|};
                    }
                }
                """);

        [Fact]
        public Task MovesTheSeedBeforeTheStatementThatHoldsTheDraw()
            => VerifyAsync(
                """
                using TorchSharp;

                class Program
                {
                    static void Main(string[] args)
                    {
                        if (args.Length > 0)
                        {
                            var warmup = torch.rand(2);
                        }

                        {|SEED002:torch.manual_seed(1)|};
                    }
                }
                """,
                """
                using TorchSharp;

                class Program
                {
                    static void Main(string[] args)
                    {
                        torch.manual_seed(1);
                        if (args.Length > 0)
                        {
                            var warmup = torch.rand(2);
                        }
                    }
                }
                """);

        [Fact]
        public Task MovesTheSeedBeforeAHelperCallThatDraws()
            => VerifyAsync(
                """
                using TorchSharp;

                class Program
                {
                    static void Main()
                    {
                        var model = Build();
                        {|SEED002:torch.manual_seed(1)|};
                    }

                    static object Build() => torch.nn.Linear(1, 1);
                }
                """,
                """
                using TorchSharp;

                class Program
                {
                    static void Main()
                    {
                        torch.manual_seed(1);
                        var model = Build();
                    }

                    static object Build() => torch.nn.Linear(1, 1);
                }
                """);

        /// <summary>
        /// Regression (found by the robustness suite): the moved seed took the trailing trivia of
        /// the statement it was put before, so its own comment was lost and the other one doubled.
        /// </summary>
        [Fact]
        public Task TheMovedSeedKeepsTheCommentAfterItOnItsLine()
            => VerifyAsync(
                """
                using TorchSharp;

                class Program
                {
                    static void Main()
                    {
                        var model = torch.nn.Linear(1, 10); // draws
                        {|SEED002:torch.manual_seed(1)|}; // too late
                    }
                }
                """,
                """
                using TorchSharp;

                class Program
                {
                    static void Main()
                    {
                        torch.manual_seed(1); // too late
                        var model = torch.nn.Linear(1, 10); // draws
                    }
                }
                """);
    }
}
