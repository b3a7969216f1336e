using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Testing;
using Seeding.Analyzers.CodeFixes.Rules;
using Seeding.Analyzers.Rules;
using Seeding.Analyzers.Tests.Infrastructure;
using Xunit;

namespace Seeding.Analyzers.Tests.CodeFixes
{
    /// <summary>
    /// What fixes insert follows the file's own layout (issue 10, point 6): its indentation unit
    /// and line ending; where the file shows none, its .editorconfig. The sources are written with
    /// escapes so that tabs, two-space steps and CRLF are exact. The fix-safety suites check the
    /// same over every fixer and the whole robustness corpus (FixLayoutTests).
    /// </summary>
    public sealed class FileLayoutCodeFixTests
    {
        private const string UseSeeded = UnseededRandomCodeFixProvider.UseSeededInstanceKey;

        /// <summary>SEED007 at markup 0 (a cuda() call), with the CPU seed at markup 1 as its additional location.</summary>
        private static readonly DiagnosticResult CudaUse
            = new DiagnosticResult(Descriptors.UnseededGpuGenerator).WithLocation(0).WithArguments("'cuda()'").WithLocation(1);

        /// <summary>The shape seen on a real project: the field came out with four spaces and the next member was re-indented.</summary>
        [Fact]
        public Task FieldInATwoSpaceFileUsesTwoSpacesAndLeavesTheNextMemberAlone()
            => Verify.CodeFixAsync<UnseededRandomAnalyzer, UnseededRandomCodeFixProvider>(
                "using System;\n\nnamespace App\n{\n  class C\n  {\n    // the first member\n    int A() => {|SEED001:Random.Shared|}.Next();\n  }\n}\n",
                "using System;\n\nnamespace App\n{\n  class C\n  {\n    private static readonly Random s_random = new Random(42);\n\n    // the first member\n    int A() => s_random.Next();\n  }\n}\n",
                UseSeeded);

        [Fact]
        public Task FieldInATabFileUsesTabsAndCrlf()
            => Verify.CodeFixAsync<UnseededRandomAnalyzer, UnseededRandomCodeFixProvider>(
                "using System;\r\n\r\nclass C\r\n{\r\n\tstatic int s_count;\r\n\r\n\tint A() => {|SEED001:Random.Shared|}.Next();\r\n}\r\n",
                "using System;\r\n\r\nclass C\r\n{\r\n\tprivate static readonly Random s_random = new Random(42);\r\n\tstatic int s_count;\r\n\r\n\tint A() => s_random.Next();\r\n}\r\n",
                UseSeeded);

        /// <summary>The file's own indentation wins over .editorconfig, which describes what the file should be, not what it is.</summary>
        [Fact]
        public Task TheFileWinsOverEditorConfig()
            => Verify.CodeFixAsync<UnseededRandomAnalyzer, UnseededRandomCodeFixProvider>(
                "using System;\n\nclass C\n{\n  int A() => {|SEED001:Random.Shared|}.Next();\n}\n",
                "using System;\n\nclass C\n{\n  private static readonly Random s_random = new Random(42);\n\n  int A() => s_random.Next();\n}\n",
                UseSeeded,
                "root = true\n[*.cs]\nindent_style = tab\n");

        /// <summary>A type with an empty body gives no indentation to copy: .editorconfig's indent_style decides.</summary>
        [Fact]
        public Task EmptyBodyIndentedByEditorConfigTabs()
            => Verify.CodeFixAsync<UnseededRandomAnalyzer, UnseededRandomCodeFixProvider>(
                "using System;\n\nclass Base(int seed);\n\nclass Net() : Base({|SEED001:Random.Shared|}.Next())\n{\n}\n",
                "using System;\n\nclass Base(int seed);\n\nclass Net() : Base(s_random.Next())\n{\n\tprivate static readonly Random s_random = new Random(42);\n}\n",
                UseSeeded,
                "root = true\n[*.cs]\nindent_style = tab\n");

        [Fact]
        public Task EmptyBodyIndentedByEditorConfigSize()
            => Verify.CodeFixAsync<UnseededRandomAnalyzer, UnseededRandomCodeFixProvider>(
                "using System;\n\nclass Base(int seed);\n\nclass Net() : Base({|SEED001:Random.Shared|}.Next())\n{\n}\n",
                "using System;\n\nclass Base(int seed);\n\nclass Net() : Base(s_random.Next())\n{\n   private static readonly Random s_random = new Random(42);\n}\n",
                UseSeeded,
                "root = true\n[*.cs]\nindent_style = space\nindent_size = 3\n");

        /// <summary>A type declared with a semicolon gets a body for the field, laid out with the file's unit.</summary>
        [Fact]
        public Task TypeWithoutABodyGetsOne()
            => Verify.CodeFixAsync<UnseededRandomAnalyzer, UnseededRandomCodeFixProvider>(
                "using System;\n\nnamespace App\n{\n  class Base(int seed);\n\n  class Net() : Base({|SEED001:Random.Shared|}.Next()); // a model\n}\n",
                "using System;\n\nnamespace App\n{\n  class Base(int seed);\n\n  class Net() : Base(s_random.Next())\n  {\n    private static readonly Random s_random = new Random(42);\n  } // a model\n}\n",
                UseSeeded);

        /// <summary>A file of one line has no line ending to copy: .editorconfig's end_of_line decides.</summary>
        [Fact]
        public Task OneLineFileTakesEndOfLineFromEditorConfig()
        {
            var test = new CodeFixTest<UnseededRandomAnalyzer, UnseededRandomCodeFixProvider>
            {
                TestCode = "System.Console.WriteLine({|SEED001:System.Random.Shared|}.Next());",
                FixedCode = "var random = new System.Random(42);\r\nSystem.Console.WriteLine(random.Next());",
                CodeActionEquivalenceKey = UseSeeded,
            };
            test.TestState.OutputKind = OutputKind.ConsoleApplication;
            test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", "root = true\n[*.cs]\nend_of_line = crlf\n"));
            return test.RunAsync();
        }

        /// <summary>SEED003 turns an expression-bodied Main into a block laid out with the file's unit.</summary>
        [Fact]
        public Task SeedAtTheStartOfAnExpressionBodiedMainInATwoSpaceFile()
            => ProgramFixAsync<MissingTorchSeedAnalyzer, MissingTorchSeedCodeFixProvider>(
                "using TorchSharp;\n\nclass Program\n{\n  static void Main() => {|SEED003:Train()|};\n\n  static void Train()\n  {\n    var model = torch.nn.Linear(1, 10);\n  }\n}\n",
                "using TorchSharp;\n\nclass Program\n{\n  static void Main()\n  {\n    torch.manual_seed(42);\n    Train();\n  }\n\n  static void Train()\n  {\n    var model = torch.nn.Linear(1, 10);\n  }\n}\n",
                MissingTorchSeedCodeFixProvider.SeedAtEntryPointKey);

        /// <summary>The brace style comes from the file too: a file that opens blocks at the end of the line gets that.</summary>
        [Fact]
        public Task SeedAtTheStartOfAnExpressionBodiedMainWithBracesAtTheEndOfTheLine()
            => ProgramFixAsync<MissingTorchSeedAnalyzer, MissingTorchSeedCodeFixProvider>(
                "using TorchSharp;\n\nclass Program {\n\tstatic void Main() => {|SEED003:Train()|};\n\n\tstatic void Train() {\n\t\tvar model = torch.nn.Linear(1, 10);\n\t}\n}\n",
                "using TorchSharp;\n\nclass Program {\n\tstatic void Main() {\n\t\ttorch.manual_seed(42);\n\t\tTrain();\n\t}\n\n\tstatic void Train() {\n\t\tvar model = torch.nn.Linear(1, 10);\n\t}\n}\n",
                MissingTorchSeedCodeFixProvider.SeedAtEntryPointKey);

        /// <summary>
        /// SEED007 wraps an embedded CPU seed in braces (in a library, where a CUDA seed anywhere
        /// clears the rule; a program's anchor is never embedded); a file that opens blocks at the
        /// end of the line gets "if (...) {".
        /// </summary>
        [Fact]
        public Task EmbeddedSeedGetsBracesInTheFilesStyle()
            => ProgramFixAsync<UnseededGpuGeneratorAnalyzer, UnseededGpuGeneratorCodeFixProvider>(
                "using TorchSharp;\n\nclass Trainer {\n\tstatic void Run(string[] args) {\n\t\tif (args.Length == 0)\n\t\t\t{|#1:torch.manual_seed(1)|};\n\t\tvar t = torch.ones(3).{|#0:cuda()|};\n\t}\n}\n",
                "using TorchSharp;\n\nclass Trainer {\n\tstatic void Run(string[] args) {\n\t\tif (args.Length == 0) {\n\t\t\ttorch.manual_seed(1);\n\t\t\ttorch.cuda.manual_seed_all(1);\n\t\t}\n\t\tvar t = torch.ones(3).cuda();\n\t}\n}\n",
                UnseededGpuGeneratorCodeFixProvider.SeedCudaGeneratorsKey,
                CudaUse,
                OutputKind.DynamicallyLinkedLibrary);

        /// <summary>An embedded seed on the if's own line keeps the line (in a library, as above): the braces go around it there.</summary>
        [Fact]
        public Task EmbeddedSeedOnTheIfsLineStaysOnOneLine()
            => ProgramFixAsync<UnseededGpuGeneratorAnalyzer, UnseededGpuGeneratorCodeFixProvider>(
                "using TorchSharp;\n\nclass Trainer\n{\n  static void Run(string[] args)\n  {\n    if (args.Length == 0) {|#1:torch.manual_seed(1)|};\n    var t = torch.ones(3).{|#0:cuda()|};\n  }\n}\n",
                "using TorchSharp;\n\nclass Trainer\n{\n  static void Run(string[] args)\n  {\n    if (args.Length == 0) { torch.manual_seed(1); torch.cuda.manual_seed_all(1); }\n    var t = torch.ones(3).cuda();\n  }\n}\n",
                UnseededGpuGeneratorCodeFixProvider.SeedCudaGeneratorsKey,
                CudaUse,
                OutputKind.DynamicallyLinkedLibrary);

        /// <summary>SEED002 moves the seed with the indentation of the statement it now precedes; the lines in between stay.</summary>
        [Fact]
        public Task MovedSeedInATwoSpaceCrlfFile()
            => ProgramFixAsync<SeedAfterDrawAnalyzer, SeedAfterDrawCodeFixProvider>(
                "using TorchSharp;\r\n\r\nclass Program\r\n{\r\n  static void Main()\r\n  {\r\n    var model = torch.nn.Linear(1, 10);\r\n    // seed\r\n    {|SEED002:torch.manual_seed(1)|};\r\n  }\r\n}\r\n",
                "using TorchSharp;\r\n\r\nclass Program\r\n{\r\n  static void Main()\r\n  {\r\n    // seed\r\n    torch.manual_seed(1);\r\n    var model = torch.nn.Linear(1, 10);\r\n  }\r\n}\r\n",
                SeedAfterDrawCodeFixProvider.MoveSeedKey);

        /// <summary>A fix in a TorchSharp console program (or <paramref name="kind"/>); <paramref name="expected"/> when the markup alone does not give the diagnostic.</summary>
        private static Task ProgramFixAsync<TAnalyzer, TCodeFix>(
            string source, string fixedSource, string key, DiagnosticResult? expected = null, OutputKind kind = OutputKind.ConsoleApplication)
            where TAnalyzer : DiagnosticAnalyzer, new()
            where TCodeFix : CodeFixProvider, new()
        {
            var test = new CodeFixTest<TAnalyzer, TCodeFix>(Libraries.TorchSharp)
            {
                TestCode = source,
                FixedCode = fixedSource,
                CodeActionEquivalenceKey = key,
                MarkupOptions = MarkupOptions.UseFirstDescriptor,
            };
            test.TestState.OutputKind = kind;
            test.FixedState.OutputKind = kind;
            if (expected is { } diagnostic)
            {
                test.ExpectedDiagnostics.Add(diagnostic);
            }

            return test.RunAsync();
        }
    }
}
