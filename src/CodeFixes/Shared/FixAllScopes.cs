using System.Collections.Generic;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;

namespace Seeding.Analyzers.CodeFixes.Shared
{
    /// <summary>The diagnostics a Fix All covers, for the fixers whose Fix All edits the solution in one pass.</summary>
    internal static class FixAllScopes
    {
        /// <summary>Every diagnostic of the fixer's IDs in the document, project or solution; null for other scopes.</summary>
        public static async Task<List<Diagnostic>?> DiagnosticsAsync(FixAllContext context)
        {
            var diagnostics = new List<Diagnostic>();
            switch (context.Scope)
            {
                case FixAllScope.Document when context.Document is { } document:
                    diagnostics.AddRange(await context.GetDocumentDiagnosticsAsync(document).ConfigureAwait(false));
                    break;
                case FixAllScope.Project:
                    diagnostics.AddRange(await context.GetAllDiagnosticsAsync(context.Project).ConfigureAwait(false));
                    break;
                case FixAllScope.Solution:
                    foreach (var project in context.Solution.Projects)
                    {
                        diagnostics.AddRange(await context.GetAllDiagnosticsAsync(project).ConfigureAwait(false));
                    }

                    break;
                default:
                    return null;
            }

            return diagnostics;
        }
    }
}
