using System;
using System.Collections.Generic;
using Microsoft.CodeAnalysis.CSharp;

namespace Seeding.Analyzers.Tests.Robustness
{
    /// <summary>Where to cut a source so that it ends right after a token, as it does while being typed.</summary>
    internal static class Truncations
    {
        /// <summary>
        /// The end of every token but the last; when there are more than <paramref name="max"/>,
        /// an even stride of them that still includes the first and the last (deterministic).
        /// </summary>
        public static IReadOnlyList<int> Of(string text, int max)
        {
            var ends = new List<int>();
            foreach (var token in CSharpSyntaxTree.ParseText(text, RobustnessHarness.ParseOptions).GetRoot().DescendantTokens())
            {
                var end = token.Span.End;
                if (end > 0 && end < text.Length && (ends.Count == 0 || ends[ends.Count - 1] != end))
                {
                    ends.Add(end);
                }
            }

            if (ends.Count <= max)
            {
                return ends;
            }

            var picked = new List<int>(max);
            for (var i = 0; i < max; i++)
            {
                picked.Add(ends[(int)((long)i * (ends.Count - 1) / (max - 1))]);
            }

            return picked;
        }

        /// <summary>The last characters before a cut, on one line, for failure messages.</summary>
        public static string Tail(string text, int end)
        {
            var start = Math.Max(0, end - 60);
            return text.Substring(start, end - start).Replace("\n", "\\n", StringComparison.Ordinal);
        }
    }
}
