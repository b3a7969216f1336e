using System.Text;
using Microsoft.CodeAnalysis;

namespace Seeding.Analyzers
{
    /// <summary>Code as messages quote it: on one line, and shortened when long.</summary>
    internal static class CodeText
    {
        public static string OneLine(SyntaxNode syntax, int maxLength) => OneLine(syntax.ToString(), maxLength);

        /// <summary>Collapses every run of whitespace (line breaks included) to one space and cuts the result at <paramref name="maxLength"/> with "...".</summary>
        public static string OneLine(string text, int maxLength = int.MaxValue)
        {
            var builder = new StringBuilder(text.Length);
            var inSpace = false;
            foreach (var c in text)
            {
                if (char.IsWhiteSpace(c))
                {
                    inSpace = true;
                    continue;
                }

                if (inSpace && builder.Length > 0)
                {
                    builder.Append(' ');
                }

                inSpace = false;
                builder.Append(c);
            }

            return builder.Length <= maxLength ? builder.ToString() : builder.ToString(0, maxLength - 3) + "...";
        }
    }
}
