using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Seeding.Analyzers.Rules;
using Seeding.Analyzers.Tests.Infrastructure;
using Seeding.Analyzers.Tests.Robustness;
using Xunit;

namespace Seeding.Analyzers.Tests.Flow
{
    /// <summary>
    /// SEED002 reports a late seed before the rest of the program is summarised only when the
    /// file settles it on its own. Shapes where code in another file changes the draw a late seed
    /// is reported with (found by a review of the first version, which compared a "stops" and an
    /// "anything" reading of outside calls): a finally run on two paths, a loop whose pending draw
    /// comes round again, and same-named file-local types in two files. For each, in both file
    /// orders: what the file's first, cold analysis reports is what a full analysis reports there,
    /// and the full analyses agree.
    /// </summary>
    public sealed class EarlyReportTests
    {
        private const string LoopProgram = """
            using TorchSharp;

            class Program
            {
                static void Main(string[] args)
                {
                    Run(args.Length);
                }

                static void Run(int n)
                {
                    for (var i = 0; i < n; i++)
                    {
                        var d = torch.rand(1);
                        if (n > 1) torch.manual_seed(1);
                        Z();
                        torch.seed();
                        var p = torch.rand(2);
                    }
                }

                static void Z()
                {
                    var z = torch.rand(3);
                    Other.X();
                }
            }
            """;

        private const string OtherText = """
            using TorchSharp;

            static class Other
            {
                public static void X()
                {
                    torch.manual_seed(0);
                }
            }
            """;

        private const string FileLocalMain = """
            using TorchSharp;

            class Program
            {
                static void Main()
                {
                    Helper.Go();
                    var d = torch.rand(1);
                    torch.manual_seed(1);
                    Other.Use();
                }
            }

            file static class Helper
            {
                public static void Go()
                {
                    System.Console.WriteLine();
                }
            }
            """;

        private const string FileLocalOther = """
            using TorchSharp;

            static class Other
            {
                public static void Use()
                {
                    Helper.Go();
                }
            }

            file static class Helper
            {
                public static void Go()
                {
                    var x = torch.rand(5);
                }
            }
            """;

        private const string FinallyProgram = """
            using TorchSharp;

            class Program
            {
                static void Main(string[] args)
                {
                    Run(args.Length);
                }

                static void Run(int n)
                {
                    try
                    {
                        if (n > 0)
                        {
                            var a = torch.rand(1);
                            if (n > 1)
                            {
                                Z();
                                return;
                            }
                        }
                        else
                        {
                            Other.Log();
                            var b = torch.rand(4);
                            return;
                        }
                    }
                    finally
                    {
                        torch.manual_seed(1);
                    }
                }

                static void Z()
                {
                    var z = torch.rand(3);
                    Other.Seed();
                }
            }
            """;

        private const string FinallyOther = """
            using TorchSharp;

            static class Other
            {
                public static void Log()
                {
                    System.Console.WriteLine();
                }

                public static void Seed()
                {
                    torch.manual_seed(0);
                }
            }
            """;

        [Fact]
        public Task AFinallyReachedOnTwoPathsReportsTheWholeProgramsDraw()
            => AssertColdAgreesWithFull((FinallyProgram, "/Program.cs"), (FinallyOther, "/Other.cs"));

        [Fact]
        public Task ALoopWhosePendingDrawComesRoundReportsTheWholeProgramsDraw()
            => AssertColdAgreesWithFull((LoopProgram, "/Program.cs"), (OtherText, "/Other.cs"));

        [Fact]
        public Task SameNamedFileLocalTypesOfTwoFilesAreTwoMembers()
            => AssertColdAgreesWithFull((FileLocalMain, "/Program.cs"), (FileLocalOther, "/Other.cs"));

        /// <summary>The file-local helper that draws is the other file's: Main's own helper runs nothing, so its seed comes after its own draw only.</summary>
        [Fact]
        public async Task AFileLocalHelperIsNotTheOtherFilesHelper()
        {
            var full = await EarlyReportRandomTests.FullAsync(Build((FileLocalMain, "/Program.cs"), (FileLocalOther, "/Other.cs")));
            var late = Assert.Single(full);
            Assert.Contains("runs after torch.rand(1)", late.GetMessage());
        }

        private const string PrivateSetterProgram = """
            using TorchSharp;

            class Program
            {
                public virtual int X { get; private set; }

                static void Main()
                {
                    new Program().Run();
                }

                void Run()
                {
                    var d = torch.rand(1);
                    X = 2;
                    torch.manual_seed(1);
                    Other.Use();
                }
            }
            """;

        private const string PrivateSetterOther = """
            static class Other
            {
                public static void Use()
                {
                }
            }
            """;

        /// <summary>
        /// A virtual property's private accessor is not virtual: no override can replace it, and
        /// an auto-property's runs no code, so setting it runs nothing, in this file or any other.
        /// The late seed after it is the file's to settle, and its first analysis shows it as the
        /// whole program does. (Until session 15 the assignment counted as a virtual call, which
        /// may run another file's code, and the finding waited for the whole program.)
        /// </summary>
        [Fact]
        public async Task ALateSeedAfterSettingAVirtualPropertysPrivateSetterIsTheFilesToSettle()
        {
            foreach (var files in new[] { new[] { (PrivateSetterProgram, "/Program.cs"), (PrivateSetterOther, "/Other.cs") }, new[] { (PrivateSetterOther, "/Other.cs"), (PrivateSetterProgram, "/Program.cs") } })
            {
                var cold = EarlyReportRandomTests.Sorted(await EarlyReportRandomTests.ColdAsync(Build(files), "/Program.cs"));
                var full = EarlyReportRandomTests.Sorted(await EarlyReportRandomTests.FullAsync(Build(files)));
                var late = Assert.Single(full);
                Assert.Contains("torch.manual_seed(1) runs after torch.rand(1)", late);
                Assert.Equal(full, cold);
            }
        }

        private static async Task AssertColdAgreesWithFull((string Text, string Path) program, (string Text, string Path) other)
        {
            var fulls = new List<string>();
            foreach (var files in new[] { new[] { program, other }, new[] { other, program } })
            {
                var cold = EarlyReportRandomTests.Sorted(await EarlyReportRandomTests.ColdAsync(Build(files), program.Path));
                var full = EarlyReportRandomTests.Sorted(await EarlyReportRandomTests.FullAsync(Build(files)));
                Assert.NotEmpty(full);
                Assert.All(cold, finding => Assert.Contains(finding, full));
                fulls.Add(string.Join("\n", full));
            }

            Assert.Equal(fulls[0], fulls[1]);
        }

        private static Compilation Build(params (string Text, string Path)[] files)
        {
            var compilation = CSharpCompilation.Create(
                "Early",
                files.Select(file => RobustnessHarness.Parse(file.Text, file.Path)),
                TestReferences.For(Libraries.TorchSharp),
                new CSharpCompilationOptions(OutputKind.ConsoleApplication));
            Assert.DoesNotContain(compilation.GetDiagnostics(), d => d.Severity == DiagnosticSeverity.Error);
            return compilation;
        }
    }
}
