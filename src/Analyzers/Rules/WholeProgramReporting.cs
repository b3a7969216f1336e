using System;
using System.Collections.Concurrent;
using System.Threading;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Seeding.Analyzers.Flow;

namespace Seeding.Analyzers.Rules
{
    /// <summary>
    /// When a rule that needs the whole program reports: each tree is summarised as the driver
    /// hands over its semantic model, and the rule reports for that tree right there, live,
    /// when every tree of the program is summarised (in the editor, where the other trees'
    /// summaries are kept from the previous compilation, that is every edit). Otherwise (the
    /// first, cold analysis of a build) its trees wait, and are reported at the end of the
    /// compilation, when the driver has handed over every tree. Either way each tree is
    /// reported once, from the same complete summaries, so the findings do not depend on the
    /// order the driver works in. A rule may also report, for a tree that waits, the findings
    /// its own summaries already settle (the same ones the whole program gives), and leave
    /// them out when the tree is reported.
    /// </summary>
    internal static class WholeProgramReporting
    {
        public delegate void ReportTree(FlowProgram program, SyntaxTree tree, AnalyzerOptions options, Action<Diagnostic> report, CancellationToken cancellationToken);

        public static void Register(CompilationStartAnalysisContext start, FlowProgram program, ReportTree reportTree)
            => Register(start, program, reportTree, reportEarly: null);

        /// <summary>
        /// As above; <paramref name="reportEarly"/> is asked for a tree whose program is not yet
        /// summarised in full, before the tree waits: it may report what that tree's own
        /// summaries settle, and <paramref name="reportTree"/> must then leave those findings out.
        /// </summary>
        public static void Register(CompilationStartAnalysisContext start, FlowProgram program, ReportTree reportTree, ReportTree? reportEarly)
        {
            // Bodies are summarised from the operations the driver binds for every analyzer...
            start.RegisterOperationBlockAction(context => program.SummarizeBlock(context.OwningSymbol, context.OperationBlocks, context.CancellationToken));

            // ...and each tree is completed (any body the driver did not hand over yet) and reported once.
            Register(
                start,
                (model, isGenerated, cancellationToken) =>
                {
                    program.Summarize(model, isGenerated, cancellationToken);
                    return model.SyntaxTree;
                },
                () => program.IsComplete,
                (tree, options, report, cancellationToken) => reportTree(program, tree, options, report, cancellationToken),
                reportEarly is null ? null : (tree, options, report, cancellationToken) => reportEarly(program, tree, options, report, cancellationToken));
        }

        /// <summary>
        /// The same timing for any whole-program question: <paramref name="read"/> reads a tree
        /// (into what <paramref name="report"/> needs), <paramref name="isComplete"/> says whether
        /// every tree has been read.
        /// </summary>
        public static void Register<TTree>(
            CompilationStartAnalysisContext start,
            Func<SemanticModel, bool, CancellationToken, TTree> read,
            Func<bool> isComplete,
            Action<TTree, AnalyzerOptions, Action<Diagnostic>, CancellationToken> report,
            Action<TTree, AnalyzerOptions, Action<Diagnostic>, CancellationToken>? reportEarly = null)
        {
            var waiting = new ConcurrentQueue<TTree>();
            start.RegisterSemanticModelAction(context =>
            {
                var tree = read(context.SemanticModel, context.IsGeneratedCode, context.CancellationToken);
                if (isComplete())
                {
                    report(tree, context.Options, context.ReportDiagnostic, context.CancellationToken);
                }
                else
                {
                    reportEarly?.Invoke(tree, context.Options, context.ReportDiagnostic, context.CancellationToken);
                    waiting.Enqueue(tree);
                }
            });

            start.RegisterCompilationEndAction(context =>
            {
                if (waiting.IsEmpty || !isComplete())
                {
                    return; // not every tree was handed over (analysis of one document): nothing exact to say
                }

                while (waiting.TryDequeue(out var tree))
                {
                    report(tree, context.Options, context.ReportDiagnostic, context.CancellationToken);
                }
            });
        }
    }
}
