using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Formatting;

namespace Seeding.Analyzers.CodeFixes.Shared
{
    /// <summary>
    /// How a file lays out its code, so that what a fix inserts reads like the lines around it:
    /// the indentation unit, the line ending and where an opening brace goes. Each is read from
    /// the file itself; where the file gives no evidence, from its <c>.editorconfig</c>
    /// (<c>indent_style</c>, <c>indent_size</c>, <c>end_of_line</c>,
    /// <c>csharp_new_line_before_open_brace</c>); else four spaces, "\n" and braces on their own line.
    /// </summary>
    /// <remarks>
    /// Fixes write the trivia of what they insert from here, and leave neither
    /// <c>Formatter.Annotation</c> nor elastic trivia on it: the formatter a code action runs
    /// afterwards knows only the editor's defaults, and it re-lays the lines next to what it
    /// formats too (the first line of the member after an inserted field, say).
    /// </remarks>
    internal sealed class Layout
    {
        private const string DefaultUnit = "    ";

        private readonly SyntaxTree _tree;
        private readonly AnalyzerConfigOptions _options;
        private string? _unit;
        private string? _newLine;

        private Layout(SyntaxTree tree, AnalyzerConfigOptions options)
        {
            _tree = tree;
            _options = options;
        }

        /// <summary>One level of indentation: some spaces or a tab.</summary>
        public string Unit => _unit ??= UnitFromFile(_tree.GetRoot()) ?? UnitFromOptions(_options) ?? DefaultUnit;

        /// <summary>The line ending the file already uses.</summary>
        public string NewLine => _newLine ??= NewLineFromFile(_tree.GetRoot()) ?? NewLineFromOptions(_options) ?? "\n";

        public static async Task<Layout> OfAsync(Document document, CancellationToken cancellationToken)
        {
            var tree = await document.GetSyntaxTreeAsync(cancellationToken).ConfigureAwait(false)
                ?? SyntaxFactory.ParseSyntaxTree(string.Empty, cancellationToken: cancellationToken);
            return new Layout(tree, document.Project.AnalyzerOptions.AnalyzerConfigOptionsProvider.GetOptions(tree));
        }

        public SyntaxTrivia EndOfLine => SyntaxFactory.EndOfLine(NewLine);

        /// <summary>
        /// Does a new block of <paramref name="kind"/> (an <c>csharp_new_line_before_open_brace</c>
        /// value: "methods", "control_blocks") open with its brace on a line of its own?
        /// </summary>
        public bool BraceOnOwnLine(string kind)
        {
            var ownLine = 0;
            var sameLine = 0;
            foreach (var token in _tree.GetRoot().DescendantTokens())
            {
                if (token.IsKind(SyntaxKind.OpenBraceToken)
                    && token.Parent is BlockSyntax { Parent: BaseMethodDeclarationSyntax or AccessorDeclarationSyntax or LocalFunctionStatementSyntax or StatementSyntax }
                        or BaseTypeDeclarationSyntax or NamespaceDeclarationSyntax
                    && token.GetPreviousToken() is { RawKind: not 0 } previous)
                {
                    if (LineOf(previous) == LineOf(token))
                    {
                        sameLine++;
                    }
                    else
                    {
                        ownLine++;
                    }
                }
            }

            if (ownLine != sameLine)
            {
                return ownLine > sameLine;
            }

            if (!_options.TryGetValue("csharp_new_line_before_open_brace", out var value))
            {
                return true;
            }

            value = value.Trim();
            return value == "all" || (value != "none" && value.Split(',') is var kinds && System.Array.Exists(kinds, item => item.Trim() == kind));
        }

        /// <summary>Whitespace trivia for an indentation, or none for an empty one.</summary>
        public static SyntaxTriviaList Indentation(string indentation)
            => indentation.Length == 0 ? SyntaxFactory.TriviaList() : SyntaxFactory.TriviaList(SyntaxFactory.Whitespace(indentation));

        /// <summary>The spaces and tabs that start the line <paramref name="token"/> is on.</summary>
        public static string IndentationOf(SyntaxToken token)
        {
            var text = token.SyntaxTree!.GetText();
            var line = text.Lines.GetLineFromPosition(token.SpanStart);
            var end = line.Start;
            while (end < line.End && (text[end] == ' ' || text[end] == '\t'))
            {
                end++;
            }

            return text.ToString(Microsoft.CodeAnalysis.Text.TextSpan.FromBounds(line.Start, end));
        }

        /// <summary>Is <paramref name="token"/> the first thing on its line (after indentation)?</summary>
        public static bool StartsLine(SyntaxToken token)
        {
            var text = token.SyntaxTree!.GetText();
            var line = text.Lines.GetLineFromPosition(token.SpanStart);
            for (var position = line.Start; position < token.SpanStart; position++)
            {
                if (text[position] != ' ' && text[position] != '\t')
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>Does a line break follow <paramref name="token"/> before any other token?</summary>
        public static bool EndsLine(SyntaxToken token)
        {
            foreach (var trivia in token.TrailingTrivia)
            {
                if (trivia.IsKind(SyntaxKind.EndOfLineTrivia))
                {
                    return true;
                }
            }

            var next = token.GetNextToken(includeZeroWidth: true);
            return next.RawKind != 0 && next.LeadingTrivia.Any(SyntaxKind.EndOfLineTrivia);
        }

        /// <summary>
        /// <paramref name="node"/>, built by a fix, with its elastic trivia made plain: markers
        /// dropped, elastic spaces and line breaks kept as written. A code action formats every
        /// elastic trivia it finds, with the editor's defaults, lines around it included.
        /// </summary>
        public static TNode Plain<TNode>(TNode node)
            where TNode : SyntaxNode
            => (TNode)new ElasticRemover().Visit(node);

        /// <summary>
        /// <paramref name="type"/>, declared with a semicolon instead of a body, given a body that
        /// holds <paramref name="member"/>: the braces on lines of their own at the type's
        /// indentation, the member one unit deeper; whatever followed the semicolon follows the
        /// closing brace.
        /// </summary>
        public TypeDeclarationSyntax WithBody(TypeDeclarationSyntax type, MemberDeclarationSyntax member)
        {
            var outer = IndentationOf(type.GetFirstToken());
            var open = SyntaxFactory.Token(Indentation(outer).Insert(0, EndOfLine), SyntaxKind.OpenBraceToken, SyntaxFactory.TriviaList(EndOfLine));
            var close = SyntaxFactory.Token(Indentation(outer), SyntaxKind.CloseBraceToken, type.SemicolonToken.TrailingTrivia);
            return type
                .WithOpenBraceToken(open)
                .WithMembers(SyntaxFactory.SingletonList(member.WithLeadingTrivia(Indentation(outer + Unit)).WithTrailingTrivia(EndOfLine)))
                .WithCloseBraceToken(close)
                .WithSemicolonToken(default);
        }

        /// <summary>
        /// <paramref name="node"/> after a fix shortened its names, with the formatter annotations
        /// the shortening left taken off again (and any elastic trivia made plain), so that it
        /// keeps the layout the fix gave it.
        /// </summary>
        public static SyntaxNode Settled(SyntaxNode node)
        {
            var annotated = new List<SyntaxNode>();
            foreach (var descendant in node.DescendantNodesAndSelf())
            {
                if (descendant.HasAnnotation(Formatter.Annotation))
                {
                    annotated.Add(descendant);
                }
            }

            var withoutAnnotations = node.ReplaceNodes(annotated, (_, current) => current.WithoutAnnotations(Formatter.Annotation));
            var tokens = new List<SyntaxToken>();
            foreach (var token in withoutAnnotations.DescendantTokens())
            {
                if (token.HasAnnotation(Formatter.Annotation))
                {
                    tokens.Add(token);
                }
            }

            return Plain(withoutAnnotations.ReplaceTokens(tokens, (_, current) => current.WithoutAnnotations(Formatter.Annotation)));
        }

        /// <summary>
        /// <paramref name="added"/> on lines of its own right before <paramref name="anchor"/>, at
        /// its indentation: the blank lines above the anchor now lead the new node, comments directly
        /// above it stay with it. The new node's own leading trivia (comment lines) are indented
        /// the same. When code precedes the anchor on its line, the new node goes inline there.
        /// Returns both nodes, to put in the tree.
        /// </summary>
        public (SyntaxNode Added, SyntaxNode Anchor) Before(SyntaxNode anchor, SyntaxNode added)
        {
            var first = anchor.GetFirstToken();
            if (!StartsLine(first))
            {
                return (added.WithLeadingTrivia(WithoutLineIndentation(added.GetLeadingTrivia(), string.Empty)).WithTrailingTrivia(SyntaxFactory.Space), anchor);
            }

            var indentation = IndentationOf(first);
            var leading = anchor.GetLeadingTrivia();
            var split = first.GetPreviousToken().RawKind == 0 ? 0 : BlankLinesEnd(leading);
            var moved = new List<SyntaxTrivia>();
            for (var i = 0; i < split; i++)
            {
                moved.Add(leading[i]);
            }

            moved.AddRange(WithoutLineIndentation(added.GetLeadingTrivia(), indentation));
            moved.AddRange(Indentation(indentation));
            var kept = new List<SyntaxTrivia>();
            for (var i = split; i < leading.Count; i++)
            {
                kept.Add(leading[i]);
            }

            var trailing = added.GetTrailingTrivia();
            if (!trailing.Any(SyntaxKind.EndOfLineTrivia))
            {
                trailing = trailing.Add(EndOfLine);
            }

            return (added.WithLeadingTrivia(moved).WithTrailingTrivia(trailing), split == 0 ? anchor : anchor.WithLeadingTrivia(kept));
        }

        /// <summary>
        /// <paramref name="added"/>, laid out to follow <paramref name="anchor"/>: on a line of its
        /// own at the anchor's indentation when the anchor ends its line, else inline after it
        /// (after a last line without a line break: on a new line).
        /// </summary>
        public SyntaxNode After(SyntaxNode anchor, SyntaxNode added)
        {
            var last = anchor.GetLastToken();
            var statement = anchor;
            while (statement is LabeledStatementSyntax labeled)
            {
                statement = labeled.Statement; // "start:" often sits outdented; the statement gives the indentation
            }

            var indentation = Indentation(IndentationOf(statement.GetFirstToken()));
            if (EndsLine(last))
            {
                return added.WithLeadingTrivia(indentation).WithTrailingTrivia(EndOfLine);
            }

            return last.GetNextToken().RawKind == 0 || last.GetNextToken().IsKind(SyntaxKind.EndOfFileToken)
                ? added.WithLeadingTrivia(indentation.Insert(0, EndOfLine)).WithoutTrailingTrivia()
                : added.WithLeadingTrivia(SyntaxFactory.TriviaList()).WithTrailingTrivia(SyntaxFactory.Space);
        }

        /// <summary>
        /// <paramref name="added"/>, laid out as the only content between the braces
        /// <paramref name="open"/> and <paramref name="close"/>: on a line of its own, one unit
        /// deeper than the closing brace, when the braces are on different lines; else inline.
        /// </summary>
        public SyntaxNode Into(SyntaxToken open, SyntaxToken close, SyntaxNode added)
        {
            if (EndsLine(open) && LineOf(open) != LineOf(close))
            {
                return added.WithLeadingTrivia(Indentation(IndentationOf(close) + Unit)).WithTrailingTrivia(EndOfLine);
            }

            var spaced = open.TrailingTrivia.Any(SyntaxKind.WhitespaceTrivia);
            return added.WithLeadingTrivia(spaced ? SyntaxFactory.TriviaList() : SyntaxFactory.TriviaList(SyntaxFactory.Space))
                .WithTrailingTrivia(SyntaxFactory.Space);
        }

        /// <summary>
        /// Trivia for lines above a node at <paramref name="indentation"/>: each line's own
        /// indentation replaced, blank lines at the start dropped, whitespace at the end dropped.
        /// </summary>
        private static List<SyntaxTrivia> WithoutLineIndentation(SyntaxTriviaList trivia, string indentation)
        {
            var result = new List<SyntaxTrivia>();
            var lineStart = true;
            foreach (var item in trivia)
            {
                if (item.IsKind(SyntaxKind.WhitespaceTrivia))
                {
                    if (!lineStart)
                    {
                        result.Add(item);
                    }

                    continue;
                }

                if (item.IsKind(SyntaxKind.EndOfLineTrivia))
                {
                    if (result.Count > 0)
                    {
                        result.Add(item);
                    }

                    lineStart = true;
                    continue;
                }

                if (lineStart && !item.IsDirective && indentation.Length > 0)
                {
                    result.Add(SyntaxFactory.Whitespace(indentation));
                }

                result.Add(item);
                lineStart = false;
            }

            return result;
        }

        /// <summary>How many leading trivia make up whole blank lines (before any comment that is not followed by one; never past a directive).</summary>
        private static int BlankLinesEnd(SyntaxTriviaList leading)
        {
            var end = 0;
            var lineHasContent = false;
            for (var i = 0; i < leading.Count; i++)
            {
                var trivia = leading[i];
                if (trivia.IsKind(SyntaxKind.EndOfLineTrivia))
                {
                    if (!lineHasContent)
                    {
                        end = i + 1;
                    }

                    lineHasContent = false;
                }
                else if (trivia.IsDirective || trivia.IsKind(SyntaxKind.DisabledTextTrivia))
                {
                    break;
                }
                else if (!trivia.IsKind(SyntaxKind.WhitespaceTrivia))
                {
                    lineHasContent = true;
                }
            }

            return end;
        }

        private static int LineOf(SyntaxToken token) => token.SyntaxTree!.GetText().Lines.GetLineFromPosition(token.SpanStart).LineNumber;

        /// <summary>
        /// The step by which the file indents the first line inside a brace, most often; null when
        /// no brace has its contents on a later line.
        /// </summary>
        private static string? UnitFromFile(SyntaxNode root)
        {
            var votes = new Dictionary<string, int>(System.StringComparer.Ordinal);
            foreach (var token in root.DescendantTokens())
            {
                if (!token.IsKind(SyntaxKind.OpenBraceToken))
                {
                    continue;
                }

                var next = token.GetNextToken();
                if (next.RawKind == 0 || next.IsKind(SyntaxKind.CloseBraceToken) || LineOf(next) == LineOf(token) || !StartsLine(next))
                {
                    continue;
                }

                var outer = IndentationOf(token);
                var inner = IndentationOf(next);
                if (inner.Length > outer.Length && inner.StartsWith(outer, System.StringComparison.Ordinal))
                {
                    var step = inner.Substring(outer.Length);
                    votes[step] = votes.TryGetValue(step, out var count) ? count + 1 : 1;
                }
            }

            string? best = null;
            var bestCount = 0;
            foreach (var pair in votes)
            {
                if (pair.Value > bestCount || (pair.Value == bestCount && best is not null && pair.Key.Length < best.Length))
                {
                    best = pair.Key;
                    bestCount = pair.Value;
                }
            }

            return best;
        }

        private static string? UnitFromOptions(AnalyzerConfigOptions options)
        {
            options.TryGetValue("indent_style", out var style);
            if (string.Equals(style?.Trim(), "tab", System.StringComparison.OrdinalIgnoreCase))
            {
                return "\t";
            }

            if (options.TryGetValue("indent_size", out var text)
                && int.TryParse(text.Trim(), System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var size)
                && size is > 0 and <= 16)
            {
                return new string(' ', size);
            }

            return style is null ? null : DefaultUnit;
        }

        private static string? NewLineFromFile(SyntaxNode root)
        {
            foreach (var trivia in root.DescendantTrivia(descendIntoTrivia: true))
            {
                if (trivia.IsKind(SyntaxKind.EndOfLineTrivia))
                {
                    return trivia.ToString();
                }
            }

            return null;
        }

        private static string? NewLineFromOptions(AnalyzerConfigOptions options)
        {
            options.TryGetValue("end_of_line", out var value);
            return value?.Trim().ToLowerInvariant() switch
            {
                "lf" => "\n",
                "crlf" => "\r\n",
                "cr" => "\r",
                _ => null,
            };
        }

        private sealed class ElasticRemover : CSharpSyntaxRewriter
        {
            public ElasticRemover()
                : base(visitIntoStructuredTrivia: false)
            {
            }

            public override SyntaxTrivia VisitTrivia(SyntaxTrivia trivia)
            {
                if (!trivia.HasAnnotation(SyntaxAnnotation.ElasticAnnotation))
                {
                    return trivia;
                }

                if (trivia.Span.Length == 0)
                {
                    return default;
                }

                return trivia.IsKind(SyntaxKind.EndOfLineTrivia)
                    ? SyntaxFactory.EndOfLine(trivia.ToString())
                    : SyntaxFactory.Whitespace(trivia.ToString());
            }
        }
    }
}
