using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Text;
using Seeding.Analyzers.Tests.Infrastructure;

namespace Seeding.Analyzers.Tests.Robustness
{
    /// <summary>
    /// A program in an <see cref="AdhocWorkspace"/>, analyzed by every analyzer, so that fixers
    /// run as an editor or dotnet format runs them: single fixes through
    /// <see cref="CodeFixProvider.RegisterCodeFixesAsync"/>, Fix All through
    /// <see cref="CodeFixProvider.GetFixAllProvider"/> with a real <see cref="FixAllContext"/>.
    /// </summary>
    internal sealed class FixSession
    {
        private IReadOnlyList<string>? _errors;
        private Task<Dictionary<string, int>>? _comments;

        private FixSession(Solution solution, RobustnessVariant variant, Compilation compilation, AnalysisRun run)
        {
            Solution = solution;
            Variant = variant;
            Compilation = compilation;
            Run = run;
        }

        public Solution Solution { get; }

        public Project Project => Solution.Projects.Single();

        public RobustnessVariant Variant { get; }

        public Compilation Compilation { get; }

        public AnalysisRun Run { get; }

        /// <summary>
        /// Diagnostics of the package's rules in source (not AD0001, not compiler diagnostics), by
        /// file and position: concurrent analysis returns them in no fixed order.
        /// </summary>
        public IEnumerable<Diagnostic> RuleDiagnostics
            => Run.Diagnostics
                .Where(diagnostic => diagnostic.Id.StartsWith("SEED", StringComparison.Ordinal) && diagnostic.Location.IsInSource)
                .OrderBy(diagnostic => diagnostic.Location.SourceTree!.FilePath, StringComparer.Ordinal)
                .ThenBy(diagnostic => diagnostic.Location.SourceSpan.Start)
                .ThenBy(diagnostic => diagnostic.Location.SourceSpan.Length)
                .ThenBy(diagnostic => diagnostic.Id, StringComparer.Ordinal);

        public static async Task<FixSession> CreateAsync(IReadOnlyList<(string Path, string Text)> documents, RobustnessVariant variant)
        {
            var workspace = new AdhocWorkspace();
            var projectId = ProjectId.CreateNewId();
            var options = (CSharpCompilationOptions)RobustnessHarness.BaseCompilation(variant.Libraries, variant.OutputKind).Options;
            var solution = workspace.CurrentSolution.AddProject(ProjectInfo.Create(
                projectId,
                VersionStamp.Default,
                "Robustness",
                "Robustness",
                LanguageNames.CSharp,
                compilationOptions: options,
                parseOptions: RobustnessHarness.ParseOptions,
                metadataReferences: TestReferences.For(variant.Libraries)));
            foreach (var (path, text) in documents)
            {
                solution = solution.AddDocument(DocumentId.CreateNewId(projectId, path), path.TrimStart('/'), SourceText.From(text), filePath: path);
            }

            return await AnalyzeAsync(solution, variant).ConfigureAwait(false);
        }

        /// <summary>The same program after a fix, analyzed again under the same variant.</summary>
        public static async Task<FixSession> AnalyzeAsync(Solution solution, RobustnessVariant variant)
        {
            var compilation = (await solution.Projects.Single().GetCompilationAsync().ConfigureAwait(false))!;
            var run = await RobustnessHarness.AnalyzeAsync(compilation, variant.Options).ConfigureAwait(false);
            return new FixSession(solution, variant, compilation, run);
        }

        /// <summary>The compiler's errors as "ID: message", for comparing before and after a fix.</summary>
        public IReadOnlyList<string> Errors()
            => _errors ??= Compilation.GetDiagnostics()
                .Where(diagnostic => diagnostic.Severity == DiagnosticSeverity.Error)
                .Select(diagnostic => diagnostic.Id + ": " + diagnostic.GetMessage(System.Globalization.CultureInfo.InvariantCulture))
                .ToList();

        public Document DocumentOf(Diagnostic diagnostic) => Solution.GetDocument(diagnostic.Location.SourceTree)!;

        /// <summary>The code actions <paramref name="fixer"/> registers for one diagnostic, in order.</summary>
        public async Task<IReadOnlyList<CodeAction>> ActionsAsync(CodeFixProvider fixer, Diagnostic diagnostic)
        {
            var actions = new List<CodeAction>();
            var context = new CodeFixContext(
                DocumentOf(diagnostic),
                diagnostic,
                (action, _) => actions.Add(action),
                CancellationToken.None);
            await fixer.RegisterCodeFixesAsync(context).ConfigureAwait(false);
            return actions;
        }

        /// <summary>The equivalence keys of the actions <paramref name="fixer"/> offers for a diagnostic.</summary>
        public async Task<IReadOnlyList<string>> KeysAsync(CodeFixProvider fixer, Diagnostic diagnostic)
            => (await ActionsAsync(fixer, diagnostic).ConfigureAwait(false))
                .Select(action => action.EquivalenceKey ?? string.Empty)
                .Distinct(StringComparer.Ordinal)
                .ToList();

        /// <summary>
        /// Fix All for <paramref name="id"/> with <paramref name="key"/>, started from the document of
        /// <paramref name="trigger"/> as an editor starts it; null when the provider offers nothing.
        /// </summary>
        public async Task<Solution?> FixAllAsync(CodeFixProvider fixer, string id, string key, Diagnostic trigger, FixAllScope scope)
        {
            var provider = fixer.GetFixAllProvider() ?? throw new InvalidOperationException(fixer.GetType().Name + " has no Fix All provider");
            var context = new FixAllContext(
                DocumentOf(trigger),
                fixer,
                scope,
                key,
                new[] { id },
                new FixedDiagnosticProvider(RuleDiagnostics.Where(diagnostic => diagnostic.Id == id).ToImmutableArray()),
                CancellationToken.None);
            var action = await provider.GetFixAsync(context).ConfigureAwait(false);
            return action is null ? null : await ApplyAsync(action).ConfigureAwait(false);
        }

        /// <summary>The solution a code action produces (its one <see cref="ApplyChangesOperation"/>).</summary>
        public static async Task<Solution?> ApplyAsync(CodeAction action)
        {
            var operations = await action.GetOperationsAsync(CancellationToken.None).ConfigureAwait(false);
            return operations.OfType<ApplyChangesOperation>().SingleOrDefault()?.ChangedSolution;
        }

        /// <summary>Every comment of every document, with how often it occurs.</summary>
        public Task<Dictionary<string, int>> CommentsAsync() => _comments ??= CountCommentsAsync();

        private async Task<Dictionary<string, int>> CountCommentsAsync()
        {
            var comments = new Dictionary<string, int>(StringComparer.Ordinal);
            foreach (var document in Project.Documents)
            {
                var root = (await document.GetSyntaxRootAsync().ConfigureAwait(false))!;
                foreach (var trivia in root.DescendantTrivia(descendIntoTrivia: true))
                {
                    if (trivia.IsKind(SyntaxKind.SingleLineCommentTrivia) || trivia.IsKind(SyntaxKind.MultiLineCommentTrivia))
                    {
                        var text = trivia.ToString();
                        comments[text] = comments.TryGetValue(text, out var count) ? count + 1 : 1;
                    }
                }
            }

            return comments;
        }

        /// <summary>Gives Fix All the diagnostics this session computed, per document or project.</summary>
        private sealed class FixedDiagnosticProvider : FixAllContext.DiagnosticProvider
        {
            private readonly ImmutableArray<Diagnostic> _diagnostics;

            public FixedDiagnosticProvider(ImmutableArray<Diagnostic> diagnostics)
            {
                _diagnostics = diagnostics;
            }

            public override async Task<IEnumerable<Diagnostic>> GetDocumentDiagnosticsAsync(Document document, CancellationToken cancellationToken)
            {
                var tree = await document.GetSyntaxTreeAsync(cancellationToken).ConfigureAwait(false);
                return _diagnostics.Where(diagnostic => diagnostic.Location.SourceTree == tree);
            }

            public override Task<IEnumerable<Diagnostic>> GetProjectDiagnosticsAsync(Project project, CancellationToken cancellationToken)
                => Task.FromResult(_diagnostics.Where(diagnostic => !diagnostic.Location.IsInSource));

            public override Task<IEnumerable<Diagnostic>> GetAllDiagnosticsAsync(Project project, CancellationToken cancellationToken)
                => Task.FromResult<IEnumerable<Diagnostic>>(_diagnostics);
        }
    }
}
