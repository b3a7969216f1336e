using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Seeding.Analyzers.CodeFixes.Rules;

namespace Seeding.Analyzers.Tests.Robustness
{
    /// <summary>The checks the fix-safety suites make on the result of a fix.</summary>
    internal static class FixChecks
    {
        /// <summary>Each diagnostic of <paramref name="id"/> with the equivalence keys of the fixes offered for it.</summary>
        public static async Task<List<(Diagnostic Diagnostic, IReadOnlyList<string> Keys)>> KeysAsync(
            FixSession session, CodeFixProvider fixer, string id, List<string> failures)
        {
            var keyed = new List<(Diagnostic, IReadOnlyList<string>)>();
            foreach (var diagnostic in session.RuleDiagnostics.Where(diagnostic => diagnostic.Id == id))
            {
                try
                {
                    keyed.Add((diagnostic, await session.KeysAsync(fixer, diagnostic)));
                }
                catch (Exception exception)
                {
                    failures.Add($"[{session.Variant}] {fixer.GetType().Name} registering fixes for {diagnostic} threw {exception}");
                }
            }

            return keyed;
        }

        public static async Task<int> CountWithKeyAsync(FixSession session, CodeFixProvider fixer, string id, string key)
        {
            var count = 0;
            foreach (var diagnostic in session.RuleDiagnostics.Where(diagnostic => diagnostic.Id == id))
            {
                if ((await session.KeysAsync(fixer, diagnostic)).Contains(key))
                {
                    count++;
                }
            }

            return count;
        }

        /// <summary>
        /// What is wrong with <paramref name="fixedSolution"/>, the fix of <paramref name="fixedDiagnostics"/>:
        /// new compiler errors, lost comments, diagnostics left, lines changed outside the fix's own or
        /// added with another indentation than the file's.
        /// </summary>
        public static async Task<List<string>> CheckAsync(
            FixSession before, Solution fixedSolution, CodeFixProvider fixer, string id, string key, int remainingAllowed, string label,
            IEnumerable<Diagnostic> fixedDiagnostics)
        {
            var failures = new List<string>();
            failures.AddRange(await LayoutAsync(before, fixedSolution, fixer, fixedDiagnostics, unit: null, label));
            var after = await FixSession.AnalyzeAsync(fixedSolution, before.Variant);
            failures.AddRange(after.Run.Failures().Select(failure => $"{label}: on the fixed code, {failure}"));

            var newErrors = Subtract(after.Errors(), before.Errors());
            if (newErrors.Count > 0)
            {
                failures.Add($"{label}: new compiler errors\n  {string.Join("\n  ", newErrors)}");
            }

            var commentsAfter = await after.CommentsAsync();
            foreach (var (comment, count) in await before.CommentsAsync())
            {
                if (!commentsAfter.TryGetValue(comment, out var kept) || kept < count)
                {
                    failures.Add($"{label}: lost the comment {comment} ({count} before, {kept} after)");
                }
            }

            var remaining = await CountWithKeyAsync(after, fixer, id, key);
            if (remaining > remainingAllowed)
            {
                failures.Add($"{label}: {remaining} {id} diagnostics with '{key}' left, at most {remainingAllowed} expected:\n  "
                    + string.Join("\n  ", after.RuleDiagnostics.Where(diagnostic => diagnostic.Id == id)));
            }

            if (failures.Count > 0)
            {
                failures.Add(label + ": the fixed code\n" + await ChangedTextAsync(before.Solution, fixedSolution));
            }

            return failures;
        }

        /// <summary>
        /// The layout check of <see cref="FixLayout"/> on every document the fix changed. The unit is
        /// the file's (read from its text when <paramref name="unit"/> is null). The fixes that seed
        /// at the program's start also own an expression-bodied <c>Main</c>, which has to become a block.
        /// </summary>
        public static async Task<List<string>> LayoutAsync(
            FixSession before, Solution fixedSolution, CodeFixProvider fixer, IEnumerable<Diagnostic> fixedDiagnostics, string? unit, string label)
        {
            var failures = new List<string>();
            var locations = fixedDiagnostics.SelectMany(diagnostic => diagnostic.AdditionalLocations.Prepend(diagnostic.Location)).ToList();
            var main = fixer is MissingTorchSeedCodeFixProvider or UnseededGpuGeneratorCodeFixProvider
                && before.Compilation.GetEntryPoint(default)?.DeclaringSyntaxReferences.FirstOrDefault()?.GetSyntax() is MethodDeclarationSyntax { ExpressionBody: not null } method
                ? method
                : null;
            foreach (var document in fixedSolution.Projects.Single().Documents)
            {
                var text = (await document.GetTextAsync()).ToString();
                if (before.Solution.GetDocument(document.Id) is not { } original
                    || (await original.GetTextAsync()).ToString() is var old && old == text)
                {
                    continue;
                }

                var tree = (await original.GetSyntaxTreeAsync())!;
                var owned = FixLayout.OwnedLines(tree, locations);
                if (main is not null && main.SyntaxTree.FilePath == tree.FilePath)
                {
                    FixLayout.AddLines(owned, tree, main);
                }

                // The generator-per-iteration fix rewrites every use of the shared generator in the loop body.
                if (fixer is SharedGeneratorAcrossThreadsCodeFixProvider)
                {
                    FixLayout.AddWorkItemBodies(owned, tree, locations);
                }

                foreach (var failure in FixLayout.Check(old, text, owned, unit ?? FixLayout.UnitOf(old)))
                {
                    failures.Add($"{label}: in {document.FilePath}, {failure}");
                }
            }

            return failures;
        }

        /// <summary>Items of <paramref name="after"/> not matched one for one in <paramref name="before"/>.</summary>
        private static List<string> Subtract(IReadOnlyList<string> after, IReadOnlyList<string> before)
        {
            var left = before.GroupBy(item => item, StringComparer.Ordinal).ToDictionary(group => group.Key, group => group.Count(), StringComparer.Ordinal);
            var added = new List<string>();
            foreach (var item in after)
            {
                if (left.TryGetValue(item, out var count) && count > 0)
                {
                    left[item] = count - 1;
                }
                else
                {
                    added.Add(item);
                }
            }

            return added;
        }

        private static async Task<string> ChangedTextAsync(Solution original, Solution changed)
        {
            var texts = new List<string>();
            foreach (var document in changed.Projects.Single().Documents)
            {
                var text = (await document.GetTextAsync()).ToString();
                var old = original.GetDocument(document.Id) is { } previous ? (await previous.GetTextAsync()).ToString() : null;
                if (old != text)
                {
                    texts.Add("---- " + document.FilePath + "\n" + text);
                }
            }

            return string.Join("\n", texts);
        }
    }
}
