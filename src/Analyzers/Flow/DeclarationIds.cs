using System.Collections.Concurrent;
using System.Collections.Immutable;
using System.Globalization;
using System.Text;
using Microsoft.CodeAnalysis;

namespace Seeding.Analyzers.Flow
{
    /// <summary>
    /// Documentation ids of the project's members (<c>M:Ns.Type.Method(System.Int32)~System.Int32</c>),
    /// the same strings <see cref="DocumentationCommentId.CreateDeclarationId"/> gives, built from
    /// names kept per type: a member's id is its containing type's name (found once per type),
    /// its own name and its parameter and return types (each type's name found once). The
    /// compiler's builder walks every containing namespace and type again for each member,
    /// which was a third of building the summaries. Anything this does not spell out itself
    /// (tuples, native integers, function pointers, error types, type parameters of another
    /// member) is handed to the compiler's builder, so every id is the one it would give;
    /// <c>DeclarationIdTests</c> checks that on every member of generated and hand-written programs.
    /// One instance per compilation: it holds symbols.
    /// </summary>
    internal sealed class DeclarationIds
    {
        private readonly ConcurrentDictionary<INamedTypeSymbol, string> _containers = new ConcurrentDictionary<INamedTypeSymbol, string>(SymbolEqualityComparer.Default);
        private readonly ConcurrentDictionary<INamespaceSymbol, string> _namespaces = new ConcurrentDictionary<INamespaceSymbol, string>(SymbolEqualityComparer.Default);
        private readonly ConcurrentDictionary<INamedTypeSymbol, string> _plainTypes = new ConcurrentDictionary<INamedTypeSymbol, string>(SymbolEqualityComparer.Default);

        private int _delegated;

        /// <summary>How many ids were handed to the compiler's builder: for tests.</summary>
        internal int Delegated => System.Threading.Volatile.Read(ref _delegated);

        /// <summary>The member's declaration id; null when it has none (broken code).</summary>
        public string? Of(ISymbol member)
        {
            var builder = new StringBuilder(64);
            if (TryAppendMember(member, builder))
            {
                return builder.ToString();
            }

            System.Threading.Interlocked.Increment(ref _delegated);
            try
            {
                return DocumentationCommentId.CreateDeclarationId(member);
            }
            catch (System.InvalidOperationException)
            {
                return null; // a symbol with no id (broken code)
            }
        }

        private bool TryAppendMember(ISymbol member, StringBuilder builder)
        {
            if (member.ContainingSymbol is not INamedTypeSymbol type)
            {
                return false;
            }

            var typeName = ContainerName(type);
            switch (member)
            {
                case IMethodSymbol method:
                    builder.Append("M:").Append(typeName).Append('.').Append(Encode(method.Name));
                    if (method.TypeParameters.Length > 0)
                    {
                        builder.Append("``").Append(method.TypeParameters.Length.ToString(CultureInfo.InvariantCulture));
                    }

                    if (!TryAppendParameters(method.Parameters, builder))
                    {
                        return false;
                    }

                    if (!method.ReturnsVoid)
                    {
                        builder.Append('~');
                        if (!TryAppendType(method.ReturnType, method, builder))
                        {
                            return false;
                        }
                    }

                    return true;
                case IPropertySymbol property:
                    builder.Append("P:").Append(typeName).Append('.').Append(Encode(PropertyName(property.Name)));
                    return TryAppendParameters(property.Parameters, builder);
                case IFieldSymbol field:
                    builder.Append("F:").Append(typeName).Append('.').Append(Encode(field.Name));
                    return true;
                case IEventSymbol @event:
                    builder.Append("E:").Append(typeName).Append('.').Append(Encode(@event.Name));
                    return true;
                default:
                    return false;
            }
        }

        private bool TryAppendParameters(ImmutableArray<IParameterSymbol> parameters, StringBuilder builder)
        {
            if (parameters.IsEmpty)
            {
                return true;
            }

            builder.Append('(');
            for (var i = 0; i < parameters.Length; i++)
            {
                if (i > 0)
                {
                    builder.Append(',');
                }

                var parameter = parameters[i];
                if (!TryAppendType(parameter.Type, parameter.ContainingSymbol, builder))
                {
                    return false;
                }

                if (parameter.RefKind != RefKind.None)
                {
                    builder.Append('@');
                }
            }

            builder.Append(')');
            return true;
        }

        /// <summary>
        /// A member's containing type as a declaration names it: its namespaces and containing
        /// types dotted, each generic one with its count of type parameters (<c>Ns.Outer`1.Inner</c>).
        /// Kept per type.
        /// </summary>
        private string ContainerName(INamedTypeSymbol type)
        {
            if (_containers.TryGetValue(type, out var known))
            {
                return known;
            }

            var prefix = type.ContainingSymbol switch
            {
                INamedTypeSymbol outer => ContainerName(outer),
                INamespaceSymbol ns => NamespaceName(ns),
                _ => string.Empty,
            };
            var name = prefix.Length == 0 ? Encode(type.Name) : prefix + "." + Encode(type.Name);
            if (type.TypeParameters.Length > 0)
            {
                name += "`" + type.TypeParameters.Length.ToString(CultureInfo.InvariantCulture);
            }

            return _containers.GetOrAdd(type, name);
        }

        private string NamespaceName(INamespaceSymbol ns)
        {
            if (ns.IsGlobalNamespace)
            {
                return string.Empty;
            }

            if (_namespaces.TryGetValue(ns, out var known))
            {
                return known;
            }

            var prefix = ns.ContainingNamespace is { } outer ? NamespaceName(outer) : string.Empty;
            return _namespaces.GetOrAdd(ns, prefix.Length == 0 ? Encode(ns.Name) : prefix + "." + Encode(ns.Name));
        }

        /// <summary>
        /// A type as an id names it where it is used (a parameter, a return type), from inside
        /// <paramref name="context"/> (whose type parameters it may name). A type that is not
        /// generic in any way is spelled once and kept; a generic one is spelled each time, the
        /// way the compiler's builder does (which looks at the very symbol objects it is given).
        /// False for anything left to the compiler's builder.
        /// </summary>
        private bool TryAppendType(ITypeSymbol type, ISymbol? context, StringBuilder builder)
        {
            switch (type)
            {
                case ITypeParameterSymbol typeParameter:
                    return TryAppendTypeParameter(typeParameter, context, builder);
                case IArrayTypeSymbol array:
                    if (!TryAppendType(array.ElementType, context, builder))
                    {
                        return false;
                    }

                    builder.Append('[').Append(',', array.Rank - 1).Append(']');
                    return true;
                case IPointerTypeSymbol pointer:
                    if (!TryAppendType(pointer.PointedAtType, context, builder))
                    {
                        return false;
                    }

                    builder.Append('*');
                    return true;
                case IDynamicTypeSymbol:
                    builder.Append("System.Object");
                    return true;
                case INamedTypeSymbol { TypeKind: TypeKind.Error } or INamedTypeSymbol { IsTupleType: true } or INamedTypeSymbol { IsNativeIntegerType: true }:
                    return false;
                case INamedTypeSymbol named when !named.IsGenericType:
                    if (!_plainTypes.TryGetValue(named, out var plain))
                    {
                        var spelled = new StringBuilder();
                        if (!TryAppendNamedType(named, context, spelled))
                        {
                            return false;
                        }

                        plain = _plainTypes.GetOrAdd(named, spelled.ToString());
                    }

                    builder.Append(plain);
                    return true;
                case INamedTypeSymbol named:
                    return TryAppendNamedType(named, context, builder);
                default:
                    return false;
            }
        }

        private bool TryAppendNamedType(INamedTypeSymbol type, ISymbol? context, StringBuilder builder)
        {
            switch (type.ContainingSymbol)
            {
                case INamedTypeSymbol outer:
                    if (!TryAppendType(outer, context, builder))
                    {
                        return false;
                    }

                    builder.Append('.');
                    break;
                case INamespaceSymbol ns:
                    var prefix = NamespaceName(ns);
                    if (prefix.Length > 0)
                    {
                        builder.Append(prefix).Append('.');
                    }

                    break;
                default:
                    return false;
            }

            builder.Append(Encode(type.Name));
            if (!type.IsGenericType)
            {
                return true;
            }

            // As the compiler's builder decides it: the definition itself (the very object) by
            // its count of type parameters, anything else by its type arguments when it has any.
            if (ReferenceEquals(type.OriginalDefinition, type))
            {
                builder.Append('`').Append(type.TypeParameters.Length.ToString(CultureInfo.InvariantCulture));
                return true;
            }

            var arguments = type.TypeArguments;
            if (arguments.Length > 0)
            {
                builder.Append('{');
                for (var i = 0; i < arguments.Length; i++)
                {
                    if (i > 0)
                    {
                        builder.Append(',');
                    }

                    if (!TryAppendType(arguments[i], context, builder))
                    {
                        return false;
                    }
                }

                builder.Append('}');
            }

            return true;
        }

        /// <summary>
        /// A type parameter named from inside its declarer: <c>``n</c> for a method's, <c>`n</c>
        /// for a type's (counting the containing types' parameters first). False (left to the
        /// compiler's builder) for one named from outside its declarer.
        /// </summary>
        private static bool TryAppendTypeParameter(ITypeParameterSymbol typeParameter, ISymbol? context, StringBuilder builder)
        {
            var declarer = typeParameter.ContainingSymbol;
            var inScope = false;
            for (var scope = context; scope is not null; scope = scope.ContainingSymbol)
            {
                if (ReferenceEquals(scope, declarer))
                {
                    inScope = true;
                    break;
                }
            }

            if (!inScope)
            {
                return false;
            }

            if (typeParameter.DeclaringMethod is not null)
            {
                builder.Append("``").Append(typeParameter.Ordinal.ToString(CultureInfo.InvariantCulture));
                return true;
            }

            var preceding = 0;
            for (var outer = declarer?.ContainingSymbol as INamedTypeSymbol; outer is not null; outer = outer.ContainingSymbol as INamedTypeSymbol)
            {
                preceding += outer.TypeParameters.Length;
            }

            builder.Append('`').Append((preceding + typeParameter.Ordinal).ToString(CultureInfo.InvariantCulture));
            return true;
        }

        /// <summary>C# names an indexer <c>this[]</c>; ids name it <c>Item</c>.</summary>
        private static string PropertyName(string name)
        {
            if (name == "this[]")
            {
                return "Item";
            }

            return name.EndsWith(".this[]", System.StringComparison.Ordinal) ? name.Substring(0, name.Length - 6) + "Item" : name;
        }

        /// <summary>Dots inside a name (explicit implementations, <c>.ctor</c>) are written <c>#</c>.</summary>
        private static string Encode(string name) => name.IndexOf('.') >= 0 ? name.Replace('.', '#') : name;
    }
}
