using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Editing;
using Microsoft.CodeAnalysis.Simplification;
using Seeding.Analyzers.CodeFixes.Shared;

namespace Seeding.Analyzers.CodeFixes.Rules
{
    /// <summary>
    /// Points uses of Random.Shared at one seeded Random per home: a private static readonly
    /// field of the type that contains the use, or a local at the top of the top-level
    /// statements. An existing seeded instance of that shape is reused, so repeated fixes and
    /// Fix All never declare a second one.
    /// </summary>
    internal static class SeededRandomInstances
    {
        private static readonly string[] FieldNames = { "s_random", "s_seededRandom" };
        private static readonly string[] LocalNames = { "random", "seededRandom" };

        public static async Task ReplaceSharedAsync(SolutionEditor editor, IReadOnlyList<SharedUse> uses, CancellationToken cancellationToken)
        {
            var byType = new Dictionary<INamedTypeSymbol, List<SharedUse>>(SymbolEqualityComparer.Default);
            var byTopLevel = new Dictionary<CompilationUnitSyntax, List<SharedUse>>();
            foreach (var use in uses)
            {
                if (UnseededRandomCodeFixProvider.TopLevelHome(use.Node) is { } unit)
                {
                    Add(byTopLevel, unit, use);
                }
                else if (use.Node.FirstAncestorOrSelf<TypeDeclarationSyntax>() is { } declaration
                    && use.Editor.SemanticModel.GetDeclaredSymbol(declaration, cancellationToken) is { } type)
                {
                    Add(byType, type, use);
                }
            }

            foreach (var pair in byType)
            {
                await UseFieldAsync(editor, pair.Key, pair.Value, cancellationToken).ConfigureAwait(false);
            }

            foreach (var pair in byTopLevel)
            {
                await UseTopLevelLocalAsync(pair.Key, pair.Value, cancellationToken).ConfigureAwait(false);
            }
        }

        private static async Task UseFieldAsync(SolutionEditor editor, INamedTypeSymbol type, List<SharedUse> uses, CancellationToken cancellationToken)
        {
            var first = uses[0];
            var name = FindReusableField(type, uses, cancellationToken);
            if (name is null)
            {
                var part = ChoosePart(type, uses, cancellationToken);
                if (part is null || first.Document.Project.Solution.GetDocument(part.SyntaxTree) is not { } home)
                {
                    return;
                }

                var declarations = new List<SyntaxNode>();
                foreach (var reference in type.DeclaringSyntaxReferences)
                {
                    declarations.Add(reference.GetSyntax(cancellationToken));
                }

                name = ChooseName(FieldNames, declarations, uses);
                var seed = SeedExpressions.For(first.Editor.SemanticModel, first.Node, first.DefaultSeed, constantsOnly: true);
                var field = SyntaxFactory.FieldDeclaration(Declaration(name, seed))
                    .WithModifiers(SyntaxFactory.TokenList(
                        SyntaxFactory.Token(SyntaxKind.PrivateKeyword),
                        SyntaxFactory.Token(SyntaxKind.StaticKeyword),
                        SyntaxFactory.Token(SyntaxKind.ReadOnlyKeyword)))
                    .NormalizeWhitespace(elasticTrivia: false);

                // First member: static initialisers run in text order, and earlier ones may use it.
                // Inserted as written: SyntaxGenerator would turn a field of an interface into an
                // abstract property, which the static uses could not reach. Laid out like the
                // members around it; the member it goes before keeps its lines.
                var layout = await Layout.OfAsync(home, cancellationToken).ConfigureAwait(false);
                var homeEditor = await editor.GetDocumentEditorAsync(home.Id, cancellationToken).ConfigureAwait(false);
                if (part.Members.Count > 0)
                {
                    var (placed, next) = layout.Before(part.Members[0], field);
                    if (part.Members[0] is not FieldDeclarationSyntax && placed.GetTrailingTrivia().Any(SyntaxKind.EndOfLineTrivia))
                    {
                        placed = placed.WithTrailingTrivia(placed.GetTrailingTrivia().Add(layout.EndOfLine)); // a blank line between fields and what follows
                    }

                    homeEditor.ReplaceNode(part, (current, _) =>
                    {
                        var members = ((TypeDeclarationSyntax)current).Members;
                        members = members.Replace(members[0], members[0].WithLeadingTrivia(next.GetLeadingTrivia()));
                        return ((TypeDeclarationSyntax)current).WithMembers(members.Insert(0, (MemberDeclarationSyntax)placed));
                    });
                }
                else if (part.OpenBraceToken.IsKind(SyntaxKind.OpenBraceToken) && !part.OpenBraceToken.IsMissing)
                {
                    var placed = (MemberDeclarationSyntax)layout.Into(part.OpenBraceToken, part.CloseBraceToken, field);
                    homeEditor.ReplaceNode(part, (current, _) => ((TypeDeclarationSyntax)current).AddMembers(placed));
                }
                else
                {
                    // "class C() : B(Random.Shared.Next());" gets a body for the field.
                    var withBody = layout.WithBody(part, field);
                    homeEditor.ReplaceNode(part, (current, _) => ((TypeDeclarationSyntax)current)
                        .WithOpenBraceToken(withBody.OpenBraceToken)
                        .WithMembers(withBody.Members)
                        .WithCloseBraceToken(withBody.CloseBraceToken)
                        .WithSemicolonToken(default));
                }
            }

            Replace(uses, name);
        }

        private static async Task UseTopLevelLocalAsync(CompilationUnitSyntax unit, List<SharedUse> uses, CancellationToken cancellationToken)
        {
            var first = uses[0];
            var name = FindReusableLocal(unit, uses, cancellationToken);
            if (name is null)
            {
                if (EntryPoints.FirstGlobalStatement(unit) is not { } firstStatement)
                {
                    return;
                }

                name = ChooseName(LocalNames, new SyntaxNode[] { unit }, uses);
                var seed = SeedExpressions.For(first.Editor.SemanticModel, first.Node, first.DefaultSeed, constantsOnly: false);
                var local = SyntaxFactory.GlobalStatement(
                    SyntaxFactory.LocalDeclarationStatement(Declaration(name, seed, SyntaxFactory.IdentifierName("var"))).NormalizeWhitespace(elasticTrivia: false));
                EntryPoints.InsertBefore(first.Editor, await Layout.OfAsync(first.Document, cancellationToken).ConfigureAwait(false), firstStatement, local);
            }

            Replace(uses, name);
        }

        private static VariableDeclarationSyntax Declaration(string name, ExpressionSyntax seed, TypeSyntax? declaredType = null)
        {
            var randomType = SyntaxFactory.ParseTypeName("global::System.Random").WithAdditionalAnnotations(Simplifier.Annotation);
            var creation = SyntaxFactory.ObjectCreationExpression(randomType)
                .WithArgumentList(SyntaxFactory.ArgumentList(SyntaxFactory.SingletonSeparatedList(SyntaxFactory.Argument(seed))));
            return SyntaxFactory.VariableDeclaration(declaredType ?? randomType)
                .WithVariables(SyntaxFactory.SingletonSeparatedList(
                    SyntaxFactory.VariableDeclarator(name).WithInitializer(SyntaxFactory.EqualsValueClause(creation))));
        }

        private static void Replace(List<SharedUse> uses, string name)
        {
            foreach (var use in uses)
            {
                use.Editor.ReplaceNode(use.Node, SyntaxFactory.IdentifierName(name).WithTriviaFrom(use.Node));
            }
        }

        /// <summary>An existing private static readonly seeded Random field of the type, usable from every use.</summary>
        private static string? FindReusableField(INamedTypeSymbol type, List<SharedUse> uses, CancellationToken cancellationToken)
        {
            foreach (var member in type.GetMembers())
            {
                if (member is not IFieldSymbol { IsStatic: true, IsReadOnly: true } field
                    || field.Type.ToDisplayString() != "System.Random"
                    || field.DeclaringSyntaxReferences.Length != 1
                    || field.DeclaringSyntaxReferences[0].GetSyntax(cancellationToken) is not VariableDeclaratorSyntax declarator
                    || !IsSeededCreation(declarator.Initializer?.Value))
                {
                    continue;
                }

                if (InitialisedBeforeEveryStaticUse(declarator, uses))
                {
                    return field.Name;
                }
            }

            return null;
        }

        /// <summary>A seeded Random local declared at the top level of the statements before every use.</summary>
        private static string? FindReusableLocal(CompilationUnitSyntax unit, List<SharedUse> uses, CancellationToken cancellationToken)
        {
            var model = uses[0].Editor.SemanticModel;
            foreach (var member in unit.Members)
            {
                if (member is not GlobalStatementSyntax { Statement: LocalDeclarationStatementSyntax local }
                    || local.IsConst
                    || local.Declaration.Variables.Count != 1)
                {
                    continue;
                }

                var declarator = local.Declaration.Variables[0];
                if (!IsSeededCreation(declarator.Initializer?.Value)
                    || model.GetDeclaredSymbol(declarator, cancellationToken) is not ILocalSymbol symbol
                    || symbol.Type.ToDisplayString() != "System.Random")
                {
                    continue;
                }

                var beforeAll = true;
                foreach (var use in uses)
                {
                    beforeAll &= local.Span.End <= use.Node.SpanStart;
                }

                if (beforeAll)
                {
                    return symbol.Name;
                }
            }

            return null;
        }

        private static bool IsSeededCreation(ExpressionSyntax? value)
            => value is BaseObjectCreationExpressionSyntax { ArgumentList.Arguments.Count: > 0 };

        /// <summary>A use in a static initialiser only sees fields declared above it in the same file.</summary>
        private static bool InitialisedBeforeEveryStaticUse(VariableDeclaratorSyntax declarator, List<SharedUse> uses)
        {
            foreach (var use in uses)
            {
                if (SeedExpressions.IsInStaticInitializer(use.Node)
                    && (use.Node.SyntaxTree != declarator.SyntaxTree || use.Node.SpanStart < declarator.SpanStart))
                {
                    return false;
                }
            }

            return true;
        }

        /// <summary>The part of a partial type to hold the new field: the first part that contains a use.</summary>
        private static TypeDeclarationSyntax? ChoosePart(INamedTypeSymbol type, List<SharedUse> uses, CancellationToken cancellationToken)
        {
            TypeDeclarationSyntax? fallback = null;
            foreach (var reference in type.DeclaringSyntaxReferences)
            {
                if (reference.GetSyntax(cancellationToken) is not TypeDeclarationSyntax part)
                {
                    continue;
                }

                fallback ??= part;
                foreach (var use in uses)
                {
                    if (use.Node.SyntaxTree == part.SyntaxTree && part.Span.Contains(use.Node.Span))
                    {
                        return part;
                    }
                }
            }

            return fallback;
        }

        /// <summary>The first candidate name that no identifier in the scope uses and no use site can see.</summary>
        private static string ChooseName(string[] candidates, IEnumerable<SyntaxNode> scopes, List<SharedUse> uses)
        {
            var taken = new HashSet<string>();
            foreach (var scope in scopes)
            {
                foreach (var token in scope.DescendantTokens())
                {
                    if (token.IsKind(SyntaxKind.IdentifierToken))
                    {
                        taken.Add(token.ValueText);
                    }
                }
            }

            for (var suffix = 1; ; suffix++)
            {
                foreach (var candidate in candidates)
                {
                    var name = suffix == 1 ? candidate : candidate + suffix.ToString(System.Globalization.CultureInfo.InvariantCulture);
                    if (!taken.Contains(name) && !VisibleAtAnyUse(name, uses))
                    {
                        return name;
                    }
                }
            }
        }

        private static bool VisibleAtAnyUse(string name, List<SharedUse> uses)
        {
            foreach (var use in uses)
            {
                if (use.Editor.SemanticModel.LookupSymbols(use.Node.SpanStart, name: name).Length > 0)
                {
                    return true;
                }
            }

            return false;
        }

        private static void Add<TKey>(Dictionary<TKey, List<SharedUse>> map, TKey key, SharedUse use)
            where TKey : notnull
        {
            if (!map.TryGetValue(key, out var list))
            {
                list = new List<SharedUse>();
                map.Add(key, list);
            }

            list.Add(use);
        }
    }
}
