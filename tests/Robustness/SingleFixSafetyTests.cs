using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Xunit;

namespace Seeding.Analyzers.Tests.Robustness
{
    /// <summary>
    /// Single fixes, one diagnostic at a time, as an editor's light bulb applies them: for each
    /// rule, the first and the last of its diagnostics in every robustness input get their
    /// first offered fix. The result has no new compiler error, keeps every comment, and has
    /// fewer diagnostics that the same fix is offered for.
    /// </summary>
    public sealed class SingleFixSafetyTests
    {
        public static IEnumerable<object[]> Inputs() => RobustnessInputs.Names();

        [Theory]
        [MemberData(nameof(Inputs))]
        public async Task SingleFixesCompileKeepCommentsAndClearTheirDiagnostic(string name)
        {
            var input = RobustnessInputs.Get(name);
            var variant = RobustnessHarness.Variants[0];
            var failures = new List<string>();
            if (!await RobustnessHarness.HasFixableDiagnosticsAsync(input, variant))
            {
                return;
            }

            var session = await FixSession.CreateAsync(input.Documents, variant);
            foreach (var fixer in RobustnessHarness.Fixers)
            {
                foreach (var id in fixer.FixableDiagnosticIds)
                {
                    var diagnostics = session.RuleDiagnostics.Where(diagnostic => diagnostic.Id == id).ToList();
                    foreach (var diagnostic in diagnostics.Take(1).Concat(diagnostics.Skip(1).TakeLast(1)))
                    {
                        await FixOneAsync(session, fixer, id, diagnostic, failures);
                    }
                }
            }

            Assert.True(failures.Count == 0, string.Join("\n\n", failures));
        }

        private static async Task FixOneAsync(FixSession session, Microsoft.CodeAnalysis.CodeFixes.CodeFixProvider fixer, string id, Diagnostic diagnostic, List<string> failures)
        {
            var label = $"[{session.Variant}] single fix of {diagnostic}";
            try
            {
                var actions = await session.ActionsAsync(fixer, diagnostic);
                if (actions.Count == 0)
                {
                    return;
                }

                var fixedSolution = await FixSession.ApplyAsync(actions[0]);
                if (fixedSolution is null)
                {
                    failures.Add(label + ": the action changes nothing");
                    return;
                }

                var key = actions[0].EquivalenceKey ?? string.Empty;
                var before = await FixChecks.CountWithKeyAsync(session, fixer, id, key);
                failures.AddRange(await FixChecks.CheckAsync(session, fixedSolution, fixer, id, key, remainingAllowed: before - 1, label, new[] { diagnostic }));
            }
            catch (Exception exception)
            {
                failures.Add(label + ": threw " + exception);
            }
        }
    }
}
