using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Operations;
using Seeding.Analyzers.Flow;
using Seeding.Analyzers.Rules;
using Seeding.Analyzers.Tests.Infrastructure;
using Seeding.Analyzers.Tests.Robustness;
using Xunit;

namespace Seeding.Analyzers.Tests.Flow
{
    /// <summary>
    /// SEED005 while typing: the whole-program reach is read once per tree and kept; an edit in
    /// one file re-reads only that file, and a use typed there is reported live in the file that
    /// creates the context.
    /// </summary>
    public sealed class ValueReachTests
    {
        private const string ProgramText = """
            using Microsoft.ML;

            class Program
            {
                static void Main()
                {
                    var ml = new MLContext();
                    new Workbench(ml).Run();
                }
            }
            """;

        private const string WorkbenchText = """
            using Microsoft.ML;

            class Workbench
            {
                private readonly MLContext _ml;

                public Workbench(MLContext ml) => _ml = ml;

                public void Run()
                {
                    _ml.Model.Load("model.zip", out _);
                }
            }
            """;

        private static readonly ImmutableArray<DiagnosticAnalyzer> Rule = ImmutableArray.Create<DiagnosticAnalyzer>(new UnseededMLContextAnalyzer());

        [Fact]
        public async Task ATrainerTypedInAnotherFileIsReportedLiveAndOnlyThatFileIsReadAgain()
        {
            var first = CSharpCompilation.Create(
                "Editor",
                new[] { RobustnessHarness.Parse(ProgramText, "/Program.cs"), RobustnessHarness.Parse(WorkbenchText, "/Workbench.cs") },
                TestReferences.For(Libraries.MicrosoftML),
                new CSharpCompilationOptions(OutputKind.ConsoleApplication));
            Assert.DoesNotContain(first.GetDiagnostics(), d => d.Severity == DiagnosticSeverity.Error);
            Assert.Empty(await first.WithAnalyzers(Rule).GetAnalyzerDiagnosticsAsync(CancellationToken.None)); // scoring only

            var workbench = first.SyntaxTrees.Single(t => t.FilePath == "/Workbench.cs");
            var typed = RobustnessHarness.Parse(
                WorkbenchText.Replace(
                    "_ml.Model.Load(\"model.zip\", out _);",
                    "_ml.Regression.Trainers.Sdca();"),
                "/Workbench.cs");
            var edited = first.ReplaceSyntaxTree(workbench, typed);

            // The editor analyses the document typed in, then the other open ones, one at a time.
            Assert.Empty(await LocalAsync(edited, typed));
            var program = edited.SyntaxTrees.Single(t => t.FilePath == "/Program.cs");
            var live = Assert.Single(await LocalAsync(edited, program));

            Assert.Equal(DiagnosticIds.UnseededMLContext, live.Id);
            Assert.Contains("the trainer SdcaRegressionTrainer draws from the context's generator (Workbench.cs:11)", live.GetMessage(), System.StringComparison.Ordinal);
            Assert.Equal(1, ValueReach.TimesRead(program)); // kept from the first analysis
            Assert.Equal(1, ValueReach.TimesRead(typed));
            Assert.Equal(1, ValueReach.TimesRead(workbench));
        }

        /// <summary>
        /// Two kinds of question asked of one compilation, and of the next one with the same trees
        /// (where facts are kept per tree): each gets the program and the facts of its own question.
        /// </summary>
        [Fact]
        public void TwoKindsOfQuestionNeverShareAProgramOrATreesFacts()
        {
            const string text = """
                class Lamp { }
                class Door { }

                class Program
                {
                    static void Main()
                    {
                        var lamp = new Lamp();
                        var door = new Door();
                    }
                }
                """;
            var tree = RobustnessHarness.Parse(text, "/Program.cs");
            var options = new CSharpCompilationOptions(OutputKind.ConsoleApplication);
            var first = CSharpCompilation.Create("Questions", new[] { tree }, TestReferences.Net, options);
            Assert.DoesNotContain(first.GetDiagnostics(), d => d.Severity == DiagnosticSeverity.Error);

            Assert.Equal("new Lamp()", TrackedIn(first, new LampQuestion()));
            Assert.Equal("new Door()", TrackedIn(first, new DoorQuestion()));

            // The next compilation of the same tree: each question finds the facts it kept.
            var next = CSharpCompilation.Create("Questions", new[] { tree }, TestReferences.Net, options);
            Assert.Equal("new Door()", TrackedIn(next, new DoorQuestion()));
            Assert.Equal("new Lamp()", TrackedIn(next, new LampQuestion()));
            Assert.Equal(2, ValueReach.TimesRead(tree)); // once per question, not again in the next compilation
        }

        private static string TrackedIn(Compilation compilation, IReachQuestion question)
        {
            var facts = ValueReach.For(compilation, question).Facts(compilation.GetSemanticModel(compilation.SyntaxTrees.Single()), isGenerated: false, CancellationToken.None);
            return Assert.Single(facts.Creations).Syntax.ToString();
        }

        /// <summary>The diagnostics reported for one document from its own analysis (as an editor asks for them).</summary>
        private static async Task<ImmutableArray<Diagnostic>> LocalAsync(Compilation compilation, SyntaxTree tree)
        {
            var result = await compilation.WithAnalyzers(Rule).GetAnalysisResultAsync(compilation.GetSemanticModel(tree), null, CancellationToken.None);
            return result.SemanticDiagnostics.TryGetValue(tree, out var byAnalyzer)
                ? byAnalyzer.Values.SelectMany(d => d).ToImmutableArray()
                : ImmutableArray<Diagnostic>.Empty;
        }

        /// <summary>A question about the values of one type of the program's own, made by <c>new</c>.</summary>
        private abstract class CreationQuestion : IReachQuestion
        {
            protected abstract string TypeName { get; }

            public bool Carries(ITypeSymbol? type) => type?.Name == TypeName;

            public bool IsTracked(IObjectCreationOperation creation) => creation.Type?.Name == TypeName;

            public LibraryUseKind Classify(IOperation use, ISymbol member, out string text)
            {
                text = member.Name;
                return LibraryUseKind.Unknown;
            }
        }

        private sealed class LampQuestion : CreationQuestion
        {
            protected override string TypeName => "Lamp";
        }

        private sealed class DoorQuestion : CreationQuestion
        {
            protected override string TypeName => "Door";
        }
    }
}
