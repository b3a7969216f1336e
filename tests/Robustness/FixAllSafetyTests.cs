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
    /// Fix All of every fixer, for each rule it fixes and each equivalence key it offers, in
    /// document and solution scope, over every robustness input that has the rule's diagnostics
    /// (the other tests' single-file sources in document scope only):
    /// the result has no compiler error the input did not have, keeps every comment, and no
    /// longer has a diagnostic that the same fix is offered for.
    /// </summary>
    public sealed class FixAllSafetyTests
    {
        /// <summary>Executable (SEED003 and SEED007 fix at the entry point) and library, all libraries or none, other options.</summary>
        private static readonly RobustnessVariant[] Variants =
        {
            RobustnessHarness.Variants[0],
            RobustnessHarness.Variants[1],
            RobustnessHarness.Variants[2],
        };

        /// <summary>The editor's scope and dotnet format's. The other tests' single-file sources, whose own fix tests already
        /// ran every scope for their rule, get the document scope only.</summary>
        private static readonly FixAllScope[] BothScopes = { FixAllScope.Document, FixAllScope.Solution };

        private static readonly FixAllScope[] DocumentScope = { FixAllScope.Document };

        public static IEnumerable<object[]> Inputs() => RobustnessInputs.Names();

        [Theory]
        [MemberData(nameof(Inputs))]
        public async Task FixAllCompilesKeepsCommentsAndClearsTheDiagnostics(string name)
        {
            var input = RobustnessInputs.Get(name);
            var failures = new List<string>();
            foreach (var variant in Variants)
            {
                if (!await RobustnessHarness.HasFixableDiagnosticsAsync(input, variant))
                {
                    continue;
                }

                var session = await FixSession.CreateAsync(input.Documents, variant);
                failures.AddRange(session.Run.Failures().Select(failure => $"[{variant}] {failure}"));
                foreach (var fixer in RobustnessHarness.Fixers)
                {
                    foreach (var id in fixer.FixableDiagnosticIds)
                    {
                        await FixAllAsync(session, fixer, id, failures, input.IsCorpus || input.Documents.Count > 1 ? BothScopes : DocumentScope);
                    }
                }
            }

            Assert.True(failures.Count == 0, string.Join("\n\n", failures));
        }

        /// <summary>Fix All of <paramref name="id"/> with each key the fixer offers for it, in each scope.</summary>
        internal static async Task FixAllAsync(FixSession session, CodeFixProvider fixer, string id, List<string> failures, FixAllScope[] scopes, bool checkResult = true)
        {
            var keyed = await FixChecks.KeysAsync(session, fixer, id, failures);
            var supported = fixer.GetFixAllProvider()?.GetSupportedFixAllScopes().ToList() ?? new List<FixAllScope>();
            foreach (var key in keyed.SelectMany(pair => pair.Keys).Distinct(StringComparer.Ordinal))
            {
                var trigger = keyed.First(pair => pair.Keys.Contains(key)).Diagnostic;
                foreach (var scope in scopes)
                {
                    var label = $"[{session.Variant}] Fix All {id} '{key}' in {scope}";
                    if (!supported.Contains(scope))
                    {
                        failures.Add(label + ": scope not supported");
                        continue;
                    }

                    try
                    {
                        var fixedSolution = await session.FixAllAsync(fixer, id, key, trigger, scope);
                        if (fixedSolution is null)
                        {
                            failures.Add(label + ": offered nothing, though single fixes with this key exist");
                        }
                        else if (checkResult)
                        {
                            failures.AddRange(await FixChecks.CheckAsync(session, fixedSolution, fixer, id, key, remainingAllowed: 0, label, session.RuleDiagnostics.Where(diagnostic => diagnostic.Id == id)));
                        }
                    }
                    catch (Exception exception)
                    {
                        failures.Add(label + ": threw " + exception);
                    }
                }
            }
        }
    }
}
