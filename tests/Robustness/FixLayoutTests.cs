using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Xunit;

namespace Seeding.Analyzers.Tests.Robustness
{
    /// <summary>
    /// Fixes keep the file's own formatting. Every hand-written robustness program, re-indented
    /// with two spaces, with tabs, and with four spaces and CRLF line endings, gets every fix of
    /// every fixer: single fixes of the first and last diagnostic of each rule, and Fix All in
    /// document and solution scope. Lines the fix does not own must come through byte-identical
    /// and the lines it adds must use the file's indentation (<see cref="FixLayout"/>).
    /// </summary>
    public sealed class FixLayoutTests
    {
        private static readonly (string Name, string Unit, string NewLine)[] Styles =
        {
            ("two spaces", "  ", "\n"),
            ("tabs", "\t", "\n"),
            ("four spaces, CRLF", "    ", "\r\n"),
        };

        private static readonly FixAllScope[] Scopes = { FixAllScope.Document, FixAllScope.Solution };

        public static IEnumerable<object[]> Cases()
            => from input in RobustnessInputs.CorpusNames()
               from style in Styles
               select new object[] { input[0], style.Name };

        [Theory]
        [MemberData(nameof(Cases))]
        public async Task FixesChangeOnlyTheirOwnLinesAndIndentLikeTheFile(string name, string styleName)
        {
            var style = Styles.Single(candidate => candidate.Name == styleName);
            var input = RobustnessInputs.Get(name);
            var documents = input.Documents.Select(document => (document.Path, FixLayout.Reindent(document.Text, style.Unit, style.NewLine))).ToList();
            var session = await FixSession.CreateAsync(documents, RobustnessHarness.Variants[0]);
            var failures = new List<string>();
            var fixes = 0;
            foreach (var fixer in RobustnessHarness.Fixers)
            {
                foreach (var id in fixer.FixableDiagnosticIds)
                {
                    var diagnostics = session.RuleDiagnostics.Where(diagnostic => diagnostic.Id == id).ToList();
                    foreach (var diagnostic in diagnostics.Take(1).Concat(diagnostics.Skip(1).TakeLast(1)))
                    {
                        foreach (var action in await session.ActionsAsync(fixer, diagnostic))
                        {
                            var label = $"[{styleName}] {action.EquivalenceKey} on {diagnostic}";
                            if (await FixSession.ApplyAsync(action) is { } fixedSolution)
                            {
                                fixes++;
                                failures.AddRange(await FixChecks.LayoutAsync(session, fixedSolution, fixer, new[] { diagnostic }, style.Unit, label));
                            }
                        }
                    }

                    fixes += await FixAllAsync(session, fixer, id, diagnostics, style.Unit, styleName, failures);
                }
            }

            Assert.True(failures.Count == 0, string.Join("\n\n", failures));
            if (RobustnessHarness.FixableIds.Any(id => session.RuleDiagnostics.Any(diagnostic => diagnostic.Id == id)))
            {
                Assert.True(fixes > 0, "no fix was applied, so nothing was checked");
            }
        }

        private static async Task<int> FixAllAsync(
            FixSession session, CodeFixProvider fixer, string id, List<Diagnostic> diagnostics, string unit, string styleName, List<string> failures)
        {
            var fixes = 0;
            var keys = new List<(string Key, Diagnostic Trigger)>();
            foreach (var diagnostic in diagnostics)
            {
                foreach (var key in await session.KeysAsync(fixer, diagnostic))
                {
                    if (!keys.Any(pair => pair.Key == key))
                    {
                        keys.Add((key, diagnostic));
                    }
                }
            }

            foreach (var (key, trigger) in keys)
            {
                foreach (var scope in Scopes)
                {
                    if (await session.FixAllAsync(fixer, id, key, trigger, scope) is { } fixedSolution)
                    {
                        fixes++;
                        failures.AddRange(await FixChecks.LayoutAsync(session, fixedSolution, fixer, diagnostics, unit, $"[{styleName}] Fix All {key} in {scope}"));
                    }
                }
            }

            return fixes;
        }
    }
}
