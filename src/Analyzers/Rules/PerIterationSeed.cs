using System.Globalization;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;
using Microsoft.CodeAnalysis.Operations;
using Seeding.Analyzers.Flow;
using Seeding.Analyzers.Knowledge;

namespace Seeding.Analyzers.Rules
{
    /// <summary>
    /// For SEED008's fix: the seed of a shared <c>new Random(seed)</c>, written so that it means the
    /// same inside the <c>Parallel.For</c> body, where each iteration's generator is seeded from it
    /// and the index. Only seeds that cannot change between the creation and the loop qualify: a
    /// constant, a <c>readonly</c> or <c>const</c> field, or a local written only where it is declared.
    /// </summary>
    internal static class PerIterationSeed
    {
        /// <summary>The seed's text at <paramref name="position"/> (inside the body), or null when it has none that is safe.</summary>
        public static string? Of(IOperation seed, SemanticModel model, int position)
        {
            var value = seed is IConversionOperation { IsImplicit: true } conversion ? conversion.Operand : seed;
            if (value.Type is not { } type || !SystemRandomSymbols.IsImplicitSeedType(type))
            {
                return null;
            }

            switch (value)
            {
                case ILiteralOperation:
                    return value.Syntax.ToString();
                case IFieldReferenceOperation { Field: { } field, Instance: null or IInstanceReferenceOperation } when field.IsConst || field.IsReadOnly:
                    if (ResolvesTo(model, position, field))
                    {
                        return Escaped(field.Name);
                    }

                    return field.IsStatic && model.IsAccessible(position, field)
                        ? field.ContainingType.ToMinimalDisplayString(model, position) + "." + Escaped(field.Name)
                        : null;
                case ILocalReferenceOperation { Local: { } local } reference when ValueSources.IsWrittenOnlyWhereDeclared(reference) && ResolvesTo(model, position, local):
                    return Escaped(local.Name);
            }

            if (value.ConstantValue is { HasValue: true, Value: { } constant })
            {
                var number = System.Convert.ToInt32(constant, CultureInfo.InvariantCulture);
                var text = number.ToString(CultureInfo.InvariantCulture);
                return number < 0 ? "(" + text + ")" : text;
            }

            return null;
        }

        /// <summary>A name as code writes it: <c>@class</c> for a keyword.</summary>
        public static string Escaped(string name)
            => SyntaxFacts.GetKeywordKind(name) == SyntaxKind.None ? name : "@" + name;

        /// <summary>True when a constructor of the field's type (or one we cannot see) may assign it.</summary>
        public static bool AssignedInConstructor(IFieldSymbol field, SemanticModel model)
        {
            foreach (var constructor in field.IsStatic ? field.ContainingType.StaticConstructors : field.ContainingType.InstanceConstructors)
            {
                foreach (var reference in constructor.DeclaringSyntaxReferences)
                {
                    if (reference.SyntaxTree != model.SyntaxTree)
                    {
                        return true;
                    }

                    foreach (var node in reference.GetSyntax().DescendantNodes())
                    {
                        if (node is IdentifierNameSyntax name
                            && name.Identifier.ValueText == field.Name
                            && model.GetOperation(name) is IFieldReferenceOperation written
                            && SymbolEqualityComparer.Default.Equals(written.Field, field))
                        {
                            return true; // a readonly field named in a constructor: taken as written there
                        }
                    }
                }
            }

            return false;
        }

        /// <summary>True when the simple name of <paramref name="symbol"/> means that symbol at <paramref name="position"/>.</summary>
        private static bool ResolvesTo(SemanticModel model, int position, ISymbol symbol)
        {
            var found = model.LookupSymbols(position, name: symbol.Name);
            return found.Length == 1 && SymbolEqualityComparer.Default.Equals(found[0], symbol);
        }
    }
}
