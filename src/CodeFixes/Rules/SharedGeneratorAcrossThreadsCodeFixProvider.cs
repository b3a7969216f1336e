using System.Collections.Generic;
using System.Collections.Immutable;
using System.Composition;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeActions;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Seeding.Analyzers.CodeFixes.Shared;

namespace Seeding.Analyzers.CodeFixes.Rules
{
    /// <summary>
    /// SEED008 fix, offered only where the analyzer found it safe (<see cref="DiagnosticProperties.GeneratorPerIteration"/>):
    /// inside the <c>Parallel.For</c> body, each iteration gets its own generator,
    /// <c>var iterationRng = new Random(unchecked(seed * 1_000_003 + i));</c>, declared first, and
    /// every use of the shared generator in the body is pointed at it. The numbers then depend on
    /// the seed and the index only, not on which thread runs the iteration or when.
    /// </summary>
    [ExportCodeFixProvider(LanguageNames.CSharp, Name = nameof(SharedGeneratorAcrossThreadsCodeFixProvider)), Shared]
    public sealed class SharedGeneratorAcrossThreadsCodeFixProvider : CodeFixProvider
    {
        /// <summary>Equivalence key of "give each iteration its own Random".</summary>
        public const string GeneratorPerIterationKey = "SEED008.GeneratorPerIteration";

        /// <summary>The odd multiplier that spreads (seed, index) pairs over distinct seeds; deterministic, unlike HashCode.Combine.</summary>
        public const string Multiplier = "1_000_003";

        private const string Title = "Give each iteration its own Random seeded from the seed and the index";

        public override ImmutableArray<string> FixableDiagnosticIds { get; } =
            ImmutableArray.Create(DiagnosticIds.SharedGeneratorAcrossThreads);

        public override FixAllProvider GetFixAllProvider() => FixAll.Instance;

        public override async Task RegisterCodeFixesAsync(CodeFixContext context)
        {
            var root = await context.Document.GetSyntaxRootAsync(context.CancellationToken).ConfigureAwait(false);
            var model = await context.Document.GetSemanticModelAsync(context.CancellationToken).ConfigureAwait(false);
            if (root is null || model is null)
            {
                return;
            }

            foreach (var diagnostic in context.Diagnostics)
            {
                if (Target.Of(root, model, diagnostic, context.CancellationToken) is null)
                {
                    continue;
                }

                var document = context.Document;
                context.RegisterCodeFix(
                    CodeAction.Create(Title, ct => FixAsync(document, new[] { diagnostic }, ct), GeneratorPerIterationKey),
                    diagnostic);
            }
        }

        private static async Task<Document> FixAsync(Document document, IEnumerable<Diagnostic> diagnostics, CancellationToken cancellationToken)
        {
            var root = await document.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
            var model = await document.GetSemanticModelAsync(cancellationToken).ConfigureAwait(false);
            if (root is null || model is null)
            {
                return document;
            }

            // One new generator per body and shared generator, however many of its draws were flagged,
            // declared in the order of their first flagged draw.
            var ordered = new List<Diagnostic>(diagnostics);
            ordered.Sort((left, right) => left.Location.SourceSpan.Start.CompareTo(right.Location.SourceSpan.Start));
            var perBody = new Dictionary<AnonymousFunctionExpressionSyntax, List<Target>>();
            foreach (var diagnostic in ordered)
            {
                if (Target.Of(root, model, diagnostic, cancellationToken) is not { } target)
                {
                    continue;
                }

                if (!perBody.TryGetValue(target.Body, out var targets))
                {
                    targets = new List<Target>();
                    perBody.Add(target.Body, targets);
                }

                if (!targets.Exists(known => SymbolEqualityComparer.Default.Equals(known.Generator, target.Generator)))
                {
                    targets.Add(target);
                }
            }

            var renamed = new Dictionary<SyntaxNode, string>();
            var declarations = new Dictionary<SyntaxNode, List<StatementSyntax>>();
            foreach (var pair in perBody)
            {
                var taken = new HashSet<string>();
                var statements = new List<StatementSyntax>();
                foreach (var target in pair.Value)
                {
                    var name = FreeName(model, pair.Key, NameFor(target.Generator), taken);
                    foreach (var use in Uses(model, pair.Key, target.Generator, cancellationToken))
                    {
                        renamed[use] = name;
                    }

                    statements.Add(Declaration(name, RandomTypeName(model, pair.Key.Body.SpanStart), target.Seed, target.Index));
                }

                declarations.Add(pair.Key, statements);
            }

            var layout = await Layout.OfAsync(document, cancellationToken).ConfigureAwait(false);
            var nodes = new List<SyntaxNode>(renamed.Keys);
            nodes.AddRange(declarations.Keys);
            var fixedRoot = root.ReplaceNodes(nodes, (original, current) =>
            {
                if (renamed.TryGetValue(original, out var name))
                {
                    return SyntaxFactory.IdentifierName(name).WithTriviaFrom(current);
                }

                return WithDeclarations((AnonymousFunctionExpressionSyntax)original, (AnonymousFunctionExpressionSyntax)current, declarations[original], perBody[(AnonymousFunctionExpressionSyntax)original][0].Index, layout);
            });
            return document.WithSyntaxRoot(fixedRoot);
        }

        /// <summary><c>var name = new Random(unchecked(seed * 1_000_003 + index));</c>, without trivia: <see cref="WithDeclarations"/> lays it out.</summary>
        private static StatementSyntax Declaration(string name, string randomType, string seed, string index)
            => SyntaxFactory.ParseStatement(
                    "var " + name + " = new " + randomType + "(unchecked(" + seed + " * " + Multiplier + PerIterationEnd(index))
                .WithoutTrivia();

        private static string PerIterationEnd(string index) => " + " + index + "));";

        /// <summary>A generator this fix declared before (one fix at a time declares them in the order Fix All does).</summary>
        private static bool IsPerIterationDeclaration(StatementSyntax statement, string index)
            => statement is LocalDeclarationStatementSyntax { Declaration.Variables: { Count: 1 } variables }
                && variables[0].Initializer?.Value is ObjectCreationExpressionSyntax { ArgumentList.Arguments: { Count: 1 } arguments }
                && arguments[0].Expression is CheckedExpressionSyntax
                && statement.ToString().EndsWith(" * " + Multiplier + PerIterationEnd(index), System.StringComparison.Ordinal);

        /// <summary>How System.Random is written at <paramref name="position"/>: <c>Random</c> when that name means it there.</summary>
        private static string RandomTypeName(SemanticModel model, int position)
        {
            var random = model.Compilation.GetTypeByMetadataName("System.Random");
            var visible = model.LookupNamespacesAndTypes(position, name: "Random");
            return random is not null && visible.Length == 1 && SymbolEqualityComparer.Default.Equals(visible[0], random)
                ? "Random"
                : "global::System.Random";
        }

        /// <summary>
        /// The body with the new generators declared first, laid out like the file: each on a line
        /// of its own at the indentation of the statement it comes before (inline in a one-line
        /// block); an expression body becomes a block, its braces at the indentation of the line the
        /// lambda starts on (or the opening one at the end of that line, where the file puts them
        /// there), its statements one unit deeper.
        /// </summary>
        private static SyntaxNode WithDeclarations(
            AnonymousFunctionExpressionSyntax original, AnonymousFunctionExpressionSyntax function, List<StatementSyntax> statements, string index, Layout layout)
        {
            if (function.Block is { } block && original.Block is { } originalBlock)
            {
                var at = 0;
                while (at < block.Statements.Count && IsPerIterationDeclaration(block.Statements[at], index))
                {
                    at++;
                }

                // The statement the new ones go before, else the one they follow, else (an empty body) the closing brace.
                var laidOut = new List<StatementSyntax>(statements.Count);
                var emptyBody = originalBlock.Statements.Count == 0;
                var anchor = at < originalBlock.Statements.Count ? originalBlock.Statements[at].GetFirstToken()
                    : !emptyBody ? originalBlock.Statements[at - 1].GetFirstToken()
                    : originalBlock.CloseBraceToken;
                if (Layout.StartsLine(anchor))
                {
                    var indentation = emptyBody ? Layout.IndentationOf(anchor) + layout.Unit : Layout.IndentationOf(anchor);
                    foreach (var statement in statements)
                    {
                        laidOut.Add(statement.WithLeadingTrivia(Layout.Indentation(indentation)).WithTrailingTrivia(layout.EndOfLine));
                    }

                    if (emptyBody && !Layout.EndsLine(originalBlock.OpenBraceToken))
                    {
                        block = block.WithOpenBraceToken(block.OpenBraceToken.WithTrailingTrivia(layout.EndOfLine));
                    }
                }
                else
                {
                    foreach (var statement in statements)
                    {
                        laidOut.Add(statement.WithTrailingTrivia(SyntaxFactory.Space));
                    }
                }

                return function.WithBlock(block.WithStatements(block.Statements.InsertRange(at, laidOut)));
            }

            if (function.ExpressionBody is not { } expression)
            {
                return function;
            }

            var outer = Layout.IndentationOf(original.GetFirstToken());
            var inner = outer + layout.Unit;
            var body = new List<StatementSyntax>(statements.Count + 1);
            foreach (var statement in statements)
            {
                body.Add(statement.WithLeadingTrivia(Layout.Indentation(inner)).WithTrailingTrivia(layout.EndOfLine));
            }

            // Comments after the expression stay after its statement; a line break after it stays after the block.
            var comments = new List<SyntaxTrivia>();
            var lineBreakAfter = false;
            foreach (var trivia in expression.GetTrailingTrivia())
            {
                if (trivia.IsKind(SyntaxKind.EndOfLineTrivia))
                {
                    lineBreakAfter = true;
                }
                else if (!trivia.IsKind(SyntaxKind.WhitespaceTrivia))
                {
                    comments.Add(SyntaxFactory.Space);
                    comments.Add(trivia);
                }
            }

            comments.Add(layout.EndOfLine);
            body.Add(Layout.Plain(SyntaxFactory.ExpressionStatement(expression.WithoutTrivia()))
                .WithLeadingTrivia(Layout.Indentation(inner))
                .WithTrailingTrivia(comments));
            var open = layout.BraceOnOwnLine("lambdas")
                ? SyntaxFactory.Token(Layout.Indentation(outer).Insert(0, layout.EndOfLine), SyntaxKind.OpenBraceToken, SyntaxFactory.TriviaList(layout.EndOfLine))
                : SyntaxFactory.Token(SyntaxFactory.TriviaList(SyntaxFactory.Space), SyntaxKind.OpenBraceToken, SyntaxFactory.TriviaList(layout.EndOfLine));
            var close = SyntaxFactory.Token(
                Layout.Indentation(outer), SyntaxKind.CloseBraceToken, lineBreakAfter ? SyntaxFactory.TriviaList(layout.EndOfLine) : SyntaxFactory.TriviaList());
            if (function is LambdaExpressionSyntax lambda)
            {
                function = lambda.WithArrowToken(lambda.ArrowToken.WithTrailingTrivia());
            }

            return function.WithExpressionBody(null).WithBlock(SyntaxFactory.Block(open, SyntaxFactory.List(body), close));
        }

        /// <summary>Every read of the shared generator in the body: <c>rng</c>, <c>this._rng</c>, <c>Type.s_rng</c>.</summary>
        private static IEnumerable<SyntaxNode> Uses(SemanticModel model, AnonymousFunctionExpressionSyntax body, ISymbol generator, CancellationToken cancellationToken)
        {
            foreach (var node in body.Body.DescendantNodesAndSelf())
            {
                if (node is not IdentifierNameSyntax name
                    || name.Identifier.ValueText != generator.Name
                    || !SymbolEqualityComparer.Default.Equals(model.GetSymbolInfo(name, cancellationToken).Symbol, generator))
                {
                    continue;
                }

                if (name.Parent is MemberAccessExpressionSyntax access && access.Name == name)
                {
                    var qualifier = access.Expression is ThisExpressionSyntax
                        || model.GetSymbolInfo(access.Expression, cancellationToken).Symbol is INamedTypeSymbol;
                    if (qualifier)
                    {
                        yield return access;
                    }

                    continue; // another object's field of the same name: not this generator
                }

                yield return name;
            }
        }

        /// <summary><c>rng</c> gives <c>iterationRng</c>, <c>_random</c> and <c>s_random</c> give <c>iterationRandom</c>.</summary>
        private static string NameFor(ISymbol generator)
        {
            var name = generator.Name;
            if (name.Length > 2 && name[1] == '_')
            {
                name = name.Substring(2);
            }

            name = name.TrimStart('_');
            return name.Length == 0 ? "iterationRandom" : "iteration" + char.ToUpperInvariant(name[0]) + name.Substring(1);
        }

        /// <summary>The name, or the name with a number, that nothing in or around the body uses yet.</summary>
        private static string FreeName(SemanticModel model, AnonymousFunctionExpressionSyntax body, string name, HashSet<string> taken)
        {
            var candidate = name;
            for (var i = 2; IsUsed(model, body, candidate) || taken.Contains(candidate); i++)
            {
                candidate = name + i.ToString(System.Globalization.CultureInfo.InvariantCulture);
            }

            taken.Add(candidate);
            return candidate;
        }

        private static bool IsUsed(SemanticModel model, AnonymousFunctionExpressionSyntax body, string name)
        {
            if (!model.LookupSymbols(body.Body.SpanStart, name: name).IsEmpty)
            {
                return true;
            }

            foreach (var token in body.DescendantTokens())
            {
                if (token.IsKind(SyntaxKind.IdentifierToken) && token.ValueText == name)
                {
                    return true;
                }
            }

            return false;
        }

        /// <summary>What one fixable diagnostic asks for: the body, the shared generator, the seed and the index.</summary>
        private sealed class Target
        {
            private Target(AnonymousFunctionExpressionSyntax body, ISymbol generator, string seed, string index)
            {
                Body = body;
                Generator = generator;
                Seed = seed;
                Index = index;
            }

            public AnonymousFunctionExpressionSyntax Body { get; }

            public ISymbol Generator { get; }

            public string Seed { get; }

            public string Index { get; }

            public static Target? Of(SyntaxNode root, SemanticModel model, Diagnostic diagnostic, CancellationToken cancellationToken)
            {
                var properties = diagnostic.Properties;
                if (!properties.TryGetValue(DiagnosticProperties.Kind, out var kind)
                    || kind != DiagnosticProperties.GeneratorPerIteration
                    || !properties.TryGetValue(DiagnosticProperties.Seed, out var seed) || seed is null
                    || !properties.TryGetValue(DiagnosticProperties.Index, out var index) || index is null
                    || !root.FullSpan.Contains(diagnostic.Location.SourceSpan)
                    || root.FindNode(diagnostic.Location.SourceSpan, getInnermostNodeForTie: true) is not InvocationExpressionSyntax { Expression: MemberAccessExpressionSyntax draw }
                    || model.GetSymbolInfo(draw.Expression, cancellationToken).Symbol is not { Kind: SymbolKind.Local or SymbolKind.Field } generator)
                {
                    return null;
                }

                foreach (var ancestor in draw.Ancestors())
                {
                    if (ancestor is AnonymousFunctionExpressionSyntax body
                        && body.Parent is ArgumentSyntax
                        && FirstParameter(body) is { } first
                    && (first == index || "@" + first == index))
                    {
                        return new Target(body, generator, seed, index);
                    }
                }

                return null;
            }

            private static string? FirstParameter(AnonymousFunctionExpressionSyntax function)
                => function switch
                {
                    SimpleLambdaExpressionSyntax simple => simple.Parameter.Identifier.ValueText,
                    ParenthesizedLambdaExpressionSyntax { ParameterList.Parameters: { Count: > 0 } parameters } => parameters[0].Identifier.ValueText,
                    AnonymousMethodExpressionSyntax { ParameterList.Parameters: { Count: > 0 } parameters } => parameters[0].Identifier.ValueText,
                    _ => null,
                };
        }

        /// <summary>Fix All: every fixable diagnostic of each document in one pass, one new generator per body and shared generator.</summary>
        private sealed class FixAll : FixAllProvider
        {
            public static readonly FixAll Instance = new FixAll();

            public override IEnumerable<FixAllScope> GetSupportedFixAllScopes()
                => new[] { FixAllScope.Document, FixAllScope.Project, FixAllScope.Solution };

            public override async Task<CodeAction?> GetFixAsync(FixAllContext fixAllContext)
            {
                if (fixAllContext.CodeActionEquivalenceKey != GeneratorPerIterationKey
                    || await FixAllScopes.DiagnosticsAsync(fixAllContext).ConfigureAwait(false) is not { } diagnostics)
                {
                    return null;
                }

                var solution = fixAllContext.Solution;
                return CodeAction.Create(Title, ct => FixSolutionAsync(solution, diagnostics, ct), GeneratorPerIterationKey);
            }

            private static async Task<Solution> FixSolutionAsync(Solution solution, List<Diagnostic> diagnostics, CancellationToken cancellationToken)
            {
                var byDocument = new Dictionary<DocumentId, List<Diagnostic>>();
                foreach (var diagnostic in diagnostics)
                {
                    if (diagnostic.Location.SourceTree is { } tree && solution.GetDocument(tree) is { } document)
                    {
                        if (!byDocument.TryGetValue(document.Id, out var list))
                        {
                            list = new List<Diagnostic>();
                            byDocument.Add(document.Id, list);
                        }

                        list.Add(diagnostic);
                    }
                }

                var result = solution;
                foreach (var pair in byDocument)
                {
                    var fixedDocument = await FixAsync(solution.GetDocument(pair.Key)!, pair.Value, cancellationToken).ConfigureAwait(false);
                    var fixedRoot = await fixedDocument.GetSyntaxRootAsync(cancellationToken).ConfigureAwait(false);
                    result = result.WithDocumentSyntaxRoot(pair.Key, fixedRoot!);
                }

                return result;
            }
        }
    }
}
