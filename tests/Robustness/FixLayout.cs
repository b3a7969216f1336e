using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace Seeding.Analyzers.Tests.Robustness
{
    /// <summary>
    /// Does a fix keep the file's own layout? The old and the fixed text are compared line by
    /// line, line endings included: every old line that is not the fix's own must come through
    /// byte-identical, and every line the fix adds must be indented with the file's unit, at the
    /// depth of the code around it.
    /// </summary>
    internal static class FixLayout
    {
        /// <summary>
        /// The lines (0-based) a fix of diagnostics at <paramref name="locations"/> may rewrite:
        /// the whole statement (with its comments above) or member declaration that holds each
        /// location; an embedded statement (<c>if (x) seed;</c>) counts with its <c>if</c>.
        /// Inserted lines belong to no one and are checked for their indentation instead.
        /// </summary>
        public static HashSet<int> OwnedLines(SyntaxTree tree, IEnumerable<Location> locations)
        {
            var owned = new HashSet<int>();
            var root = tree.GetRoot();
            foreach (var location in locations)
            {
                if (location.SourceTree != tree || !root.FullSpan.Contains(location.SourceSpan))
                {
                    continue;
                }

                var node = root.FindNode(location.SourceSpan, getInnermostNodeForTie: true);
                AddLines(owned, tree, Owner(node) ?? node);
            }

            return owned;
        }

        /// <summary>The statements that hand the work item (the outermost lambda around each location) to the parallel API.</summary>
        public static void AddWorkItemBodies(HashSet<int> lines, SyntaxTree tree, IEnumerable<Location> locations)
        {
            var root = tree.GetRoot();
            foreach (var location in locations)
            {
                if (location.SourceTree != tree || !root.FullSpan.Contains(location.SourceSpan))
                {
                    continue;
                }

                var lambda = root.FindNode(location.SourceSpan, getInnermostNodeForTie: true)
                    .AncestorsAndSelf().OfType<AnonymousFunctionExpressionSyntax>().LastOrDefault();
                if (lambda is not null && Owner(lambda) is { } statement)
                {
                    AddLines(lines, tree, statement);
                }
            }
        }

        /// <summary>Adds the lines of <paramref name="node"/>, its leading comments and trailing line break included.</summary>
        public static void AddLines(HashSet<int> lines, SyntaxTree tree, SyntaxNode node)
        {
            var text = tree.GetText();
            var span = node.FullSpan;
            var first = text.Lines.GetLineFromPosition(span.Start).LineNumber;
            var last = text.Lines.GetLineFromPosition(Math.Max(span.Start, span.End - 1)).LineNumber;
            for (var line = first; line <= last; line++)
            {
                lines.Add(line);
            }
        }

        private static SyntaxNode? Owner(SyntaxNode node)
        {
            foreach (var ancestor in node.AncestorsAndSelf())
            {
                switch (ancestor)
                {
                    case StatementSyntax statement when statement.Parent is BlockSyntax or SwitchSectionSyntax:
                        return statement;
                    case GlobalStatementSyntax global:
                        return global;
                    case BaseTypeDeclarationSyntax or BaseNamespaceDeclarationSyntax:
                        return null;
                    case MemberDeclarationSyntax member:
                        return member;
                }
            }

            return null;
        }

        /// <summary>
        /// What the fix changed that it should not have: old lines outside <paramref name="owned"/>
        /// that differ, and added lines not indented with <paramref name="unit"/> at their neighbours' depth.
        /// </summary>
        public static List<string> Check(string before, string after, HashSet<int> owned, string unit)
        {
            var failures = new List<string>();
            var oldLines = SplitLines(before);
            var newLines = SplitLines(after);
            foreach (var hunk in Diff(oldLines, newLines))
            {
                foreach (var line in hunk.Deleted)
                {
                    if (!owned.Contains(line))
                    {
                        failures.Add($"line {line + 1}, not the fix's own, changed: {Show(oldLines[line])} (now the lines {Show(hunk.Inserted.Select(i => newLines[i]))})");
                    }
                }

                var deletedIndents = new HashSet<string>(hunk.Deleted.Select(line => Indentation(oldLines[line])), StringComparer.Ordinal);
                var previous = PreviousCode(newLines, hunk.InsertedAt);
                var next = NextCode(newLines, hunk.InsertedAt + hunk.Inserted.Count);
                var firstAdded = true;
                foreach (var line in hunk.Inserted)
                {
                    var text = newLines[line];
                    if (text.Trim().Length == 0)
                    {
                        continue;
                    }

                    var indentation = Indentation(text);
                    var level = Level(indentation, unit);
                    if (deletedIndents.Contains(indentation))
                    {
                        // a rewritten line of the fix's own code, indented as before
                    }
                    else if (level < 0)
                    {
                        failures.Add($"added line {line + 1} is not indented with the file's unit {Show(unit)}: {Show(text)}");
                    }
                    else if (hunk.Deleted.Count == 0 && firstAdded && !FitsBetween(level, previous, next, unit))
                    {
                        failures.Add($"added line {line + 1} is at depth {level}, not that of the code around it ({Show(previous)} above, {Show(next)} below): {Show(text)}");
                    }

                    firstAdded = false;
                }
            }

            return failures;
        }

        /// <summary>
        /// An inserted line stands at the depth of the line after it (one deeper when that line
        /// closes a block), or of the line before it (one deeper when that line opens a block):
        /// the start of a block, between statements, after a statement.
        /// </summary>
        private static bool FitsBetween(int level, string? previous, string? next, string unit)
        {
            var nextLevel = next is null ? -1 : Level(Indentation(next), unit);
            var previousLevel = previous is null ? -1 : Level(Indentation(previous), unit);
            if (nextLevel < 0 && previousLevel < 0)
            {
                return true; // the neighbours give no depth to compare with
            }

            return level == nextLevel
                || (level == nextLevel + 1 && next!.TrimStart().StartsWith('}'))
                || level == previousLevel
                || (level == previousLevel + 1 && previous!.TrimEnd().EndsWith('{'));
        }

        /// <summary>The depth of an indentation in units, or -1 when it is not a whole number of units.</summary>
        public static int Level(string indentation, string unit)
        {
            if (indentation.Length == 0)
            {
                return 0;
            }

            if (indentation.Length % unit.Length != 0)
            {
                return -1;
            }

            for (var i = 0; i < indentation.Length; i++)
            {
                if (indentation[i] != unit[i % unit.Length])
                {
                    return -1;
                }
            }

            return indentation.Length / unit.Length;
        }

        /// <summary>
        /// The indentation unit a file uses, read from the text alone (independently of the
        /// fixers' own reading): the most frequent step by which a line is indented deeper than
        /// the line before it; four spaces when no line is.
        /// </summary>
        public static string UnitOf(string text)
        {
            var votes = new Dictionary<string, int>(StringComparer.Ordinal);
            string? previous = null;
            foreach (var line in SplitLines(text))
            {
                if (line.Trim().Length == 0)
                {
                    continue;
                }

                var indentation = Indentation(line);
                if (previous is not null && indentation.Length > previous.Length && indentation.StartsWith(previous, StringComparison.Ordinal))
                {
                    var step = indentation.Substring(previous.Length);
                    votes[step] = votes.TryGetValue(step, out var count) ? count + 1 : 1;
                }

                previous = indentation;
            }

            return votes.Count == 0
                ? "    "
                : votes.OrderByDescending(pair => pair.Value).ThenBy(pair => pair.Key.Length).First().Key;
        }

        /// <summary>
        /// <paramref name="text"/>, written with four spaces per level, re-indented with
        /// <paramref name="unit"/> per level and <paramref name="newLine"/> between lines. Lines that start
        /// inside a token (multi-line strings) are left alone, so the program means the same.
        /// </summary>
        public static string Reindent(string text, string unit, string newLine)
        {
            var root = CSharpSyntaxTree.ParseText(text, RobustnessHarness.ParseOptions).GetRoot();
            var builder = new StringBuilder(text.Length);
            var lines = root.SyntaxTree.GetText().Lines;
            foreach (var line in lines)
            {
                var content = line.ToString();
                var token = root.FindToken(line.Start, findInsideTrivia: false);
                var insideToken = token.SpanStart < line.Start && token.Span.Contains(line.Start);
                if (!insideToken)
                {
                    var spaces = content.Length - content.TrimStart(' ').Length;
                    content = string.Concat(Enumerable.Repeat(unit, spaces / 4)) + new string(' ', spaces % 4) + content.Substring(spaces);
                }

                builder.Append(content);
                if (line.LineNumber < lines.Count - 1)
                {
                    builder.Append(newLine);
                }
            }

            return builder.ToString();
        }

        /// <summary>The lines of a text, each with its own line ending ("\r\n", "\n"), the last one possibly without.</summary>
        public static List<string> SplitLines(string text)
        {
            var lines = new List<string>();
            var start = 0;
            for (var i = 0; i < text.Length; i++)
            {
                if (text[i] == '\n')
                {
                    lines.Add(text.Substring(start, i + 1 - start));
                    start = i + 1;
                }
            }

            if (start < text.Length)
            {
                lines.Add(text.Substring(start));
            }

            return lines;
        }

        private static string Indentation(string line)
        {
            var length = 0;
            while (length < line.Length && (line[length] == ' ' || line[length] == '\t'))
            {
                length++;
            }

            return line.Substring(0, length);
        }

        /// <summary>The nearest line above <paramref name="index"/> with code (not blank, not a directive).</summary>
        private static string? PreviousCode(List<string> lines, int index)
        {
            for (var i = index - 1; i >= 0; i--)
            {
                if (IsCode(lines[i]))
                {
                    return lines[i];
                }
            }

            return null;
        }

        private static string? NextCode(List<string> lines, int index)
        {
            for (var i = index; i < lines.Count; i++)
            {
                if (IsCode(lines[i]))
                {
                    return lines[i];
                }
            }

            return null;
        }

        private static bool IsCode(string line) => line.Trim().Length > 0 && !line.TrimStart().StartsWith('#');

        private static string Show(string? line) => line is null ? "(none)" : "«" + line.Replace("\r", "\\r").Replace("\n", "\\n").Replace("\t", "\\t") + "»";

        private static string Show(IEnumerable<string> lines) => string.Join(" ", lines.Select(line => Show(line)));

        /// <summary>A run of changed lines: old lines removed and new lines put in their place (at new index <see cref="InsertedAt"/>).</summary>
        private sealed class Hunk
        {
            public List<int> Deleted { get; } = new List<int>();

            public List<int> Inserted { get; } = new List<int>();

            public int InsertedAt { get; set; }
        }

        /// <summary>The changed runs between two lists of lines, by their longest common subsequence.</summary>
        private static List<Hunk> Diff(List<string> oldLines, List<string> newLines)
        {
            var n = oldLines.Count;
            var m = newLines.Count;
            var common = new int[n + 1, m + 1];
            for (var i = n - 1; i >= 0; i--)
            {
                for (var j = m - 1; j >= 0; j--)
                {
                    common[i, j] = string.Equals(oldLines[i], newLines[j], StringComparison.Ordinal)
                        ? common[i + 1, j + 1] + 1
                        : Math.Max(common[i + 1, j], common[i, j + 1]);
                }
            }

            var hunks = new List<Hunk>();
            Hunk? current = null;
            int x = 0, y = 0;
            while (x < n || y < m)
            {
                if (x < n && y < m && string.Equals(oldLines[x], newLines[y], StringComparison.Ordinal))
                {
                    current = null;
                    x++;
                    y++;
                    continue;
                }

                if (current is null)
                {
                    current = new Hunk { InsertedAt = y };
                    hunks.Add(current);
                }

                if (y < m && (x == n || common[x, y + 1] >= common[x + 1, y]))
                {
                    current.Inserted.Add(y++);
                }
                else
                {
                    current.Deleted.Add(x++);
                }
            }

            return hunks;
        }
    }
}
