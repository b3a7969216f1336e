using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Simplification;
using Seeding.Analyzers.Knowledge;

namespace Seeding.Analyzers.CodeFixes.Shared
{
    /// <summary>
    /// Chooses the seed expression a fix inserts: an integer seed member the user already
    /// declared (a constant, or a static readonly field, whose name contains "seed"), or else
    /// the configured default seed as a literal.
    /// </summary>
    internal static class SeedExpressions
    {
        /// <summary>
        /// The expression to use as a seed at <paramref name="site"/>.
        /// </summary>
        /// <param name="model">Semantic model of the site's tree.</param>
        /// <param name="site">Where the seed expression will be written.</param>
        /// <param name="defaultSeed">The configured default seed.</param>
        /// <param name="constantsOnly">
        /// True when the expression runs while the type is still being initialised (a static
        /// field initialiser): a static readonly seed may not be assigned yet, a constant always is.
        /// </param>
        public static ExpressionSyntax For(SemanticModel model, SyntaxNode site, int defaultSeed, bool constantsOnly)
        {
            var member = FindSeedMember(model, site, constantsOnly);
            if (member is null)
            {
                return Literal(defaultSeed);
            }

            var simple = SyntaxFactory.IdentifierName(member.Name);
            var visible = model.LookupSymbols(site.SpanStart, name: member.Name);
            if (visible.Length == 1 && SymbolEqualityComparer.Default.Equals(visible[0], member))
            {
                return simple;
            }

            // Something else with the same name is closer in scope: qualify with the type.
            var typeName = SyntaxFactory.ParseTypeName(
                member.ContainingType.ToDisplayString(SymbolDisplayFormat.FullyQualifiedFormat));
            return SyntaxFactory.MemberAccessExpression(SyntaxKind.SimpleMemberAccessExpression, typeName, simple)
                .WithAdditionalAnnotations(Simplifier.Annotation);
        }

        /// <summary>The <c>seeding.default_seed</c> the analyzer recorded on a diagnostic for its file, or the documented fallback.</summary>
        public static int DefaultSeedOf(Diagnostic diagnostic)
            => diagnostic.Properties.TryGetValue(DiagnosticProperties.DefaultSeed, out var text)
                && int.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var seed)
                ? seed
                : Options.SeedingOptions.FallbackSeed;

        /// <summary>Is <paramref name="node"/> inside the initialiser of a static field or property?</summary>
        public static bool IsInStaticInitializer(SyntaxNode node)
        {
            foreach (var ancestor in node.Ancestors())
            {
                switch (ancestor)
                {
                    case FieldDeclarationSyntax field:
                        return field.Modifiers.Any(SyntaxKind.StaticKeyword) || field.Modifiers.Any(SyntaxKind.ConstKeyword);
                    case PropertyDeclarationSyntax property:
                        return property.Initializer is not null
                            && property.Initializer.Span.Contains(node.Span)
                            && property.Modifiers.Any(SyntaxKind.StaticKeyword);
                    case MemberDeclarationSyntax:
                        return false;
                }
            }

            return false;
        }

        private static ExpressionSyntax Literal(int seed)
            => SyntaxFactory.ParseExpression(seed.ToString(CultureInfo.InvariantCulture));

        private static IFieldSymbol? FindSeedMember(SemanticModel model, SyntaxNode site, bool constantsOnly)
        {
            var enclosing = model.GetEnclosingSymbol(site.SpanStart);
            var type = enclosing as INamedTypeSymbol ?? enclosing?.ContainingType;
            for (; type is not null; type = type.ContainingType)
            {
                IFieldSymbol? readonlyCandidate = null;
                foreach (var member in type.GetMembers())
                {
                    if (member is not IFieldSymbol field
                        || field.IsImplicitlyDeclared
                        || field.Name.IndexOf("seed", System.StringComparison.OrdinalIgnoreCase) < 0
                        || !SystemRandomSymbols.IsImplicitSeedType(field.Type)
                        || Declares(field, site))
                    {
                        continue;
                    }

                    if (field.IsConst)
                    {
                        return field;
                    }

                    if (!constantsOnly && field.IsStatic && field.IsReadOnly && readonlyCandidate is null && HasConstantInitializer(field, model))
                    {
                        readonlyCandidate = field;
                    }
                }

                if (readonlyCandidate is not null)
                {
                    return readonlyCandidate;
                }
            }

            return null;
        }

        /// <summary>
        /// <c>static readonly int Seed = 7;</c> qualifies; <c>static readonly int Seed = Environment.TickCount;</c>
        /// does not: a fix must not hide a seed that changes every run behind a good name.
        /// </summary>
        private static bool HasConstantInitializer(IFieldSymbol field, SemanticModel model)
        {
            if (field.DeclaringSyntaxReferences.Length != 1
                || field.DeclaringSyntaxReferences[0].GetSyntax() is not VariableDeclaratorSyntax { Initializer.Value: { } value })
            {
                return false;
            }

            var valueModel = value.SyntaxTree == model.SyntaxTree ? model : model.Compilation.GetSemanticModel(value.SyntaxTree);
            return valueModel.GetConstantValue(value).HasValue;
        }

        /// <summary>True when the site is inside the field's own declaration (no self-reference).</summary>
        private static bool Declares(IFieldSymbol field, SyntaxNode site)
        {
            foreach (var reference in field.DeclaringSyntaxReferences)
            {
                if (reference.SyntaxTree == site.SyntaxTree && reference.Span.Contains(site.Span))
                {
                    return true;
                }
            }

            return false;
        }
    }
}
