using System;
using System.Collections.Concurrent;
using System.Text;
using Microsoft.CodeAnalysis;

namespace Seeding.Analyzers.Flow
{
    /// <summary>
    /// Builds a member's documentation id (<c>M:Ns.Type.Method(System.Int32)~System.Int32</c>) for
    /// the shapes that make up nearly all of a program's members (methods, constructors, accessors
    /// and operators; fields; properties other than indexers) from the names of the
    /// types involved, each found once per type and kept, instead of walking every namespace and
    /// type again for each member as <see cref="DocumentationCommentId"/> does. Any other shape
    /// (types nested in generic types, indexers, events, explicit implementations,
    /// <c>in</c> and by-reference returns, pointers, tuples, multidimensional arrays) gets null, and
    /// the caller asks <see cref="DocumentationCommentId"/>: each member always takes the same
    /// path, and tests compare this builder with Roslyn's on every shape it takes.
    /// </summary>
    internal sealed class MemberKeys
    {
        private readonly ConcurrentDictionary<ISymbol, string?> _typeNames = new ConcurrentDictionary<ISymbol, string?>(Definitions.Comparer);

        /// <summary>The member's documentation id, or null when its shape is not one this builder takes.</summary>
        public string? TryCreate(ISymbol symbol)
        {
            switch (symbol)
            {
                case IMethodSymbol method:
                    return Method(method);
                case IFieldSymbol field when TypeName(field.ContainingType) is { } fieldType && Name(field.Name) is { } fieldName:
                    return "F:" + fieldType + "." + fieldName;
                case IPropertySymbol { IsIndexer: false, Parameters.Length: 0, ReturnsByRef: false, ReturnsByRefReadonly: false } property
                    when TypeName(property.ContainingType) is { } propertyType && Name(property.Name) is { } propertyName:
                    return "P:" + propertyType + "." + propertyName;
                default:
                    return null;
            }
        }

        private string? Method(IMethodSymbol method)
        {
            switch (method.MethodKind)
            {
                case MethodKind.Ordinary:
                case MethodKind.Constructor:
                case MethodKind.StaticConstructor:
                case MethodKind.PropertyGet:
                case MethodKind.PropertySet:
                case MethodKind.UserDefinedOperator:
                case MethodKind.Conversion:
                    break;
                default:
                    return null; // explicit implementations, accessors of events and indexers, local functions...
            }

            if (method.ReturnsByRef || method.ReturnsByRefReadonly || method.AssociatedSymbol is IPropertySymbol { IsIndexer: true }
                || TypeName(method.ContainingType) is not { } containing || Name(method.Name) is not { } name)
            {
                return null;
            }

            var key = Builder().Append("M:").Append(containing).Append('.').Append(name);
            if (method.Arity > 0)
            {
                key.Append("``").Append(method.Arity);
            }

            // Read once: each read of a symbol's parameters or type arguments makes a new array.
            var parameters = method.Parameters;
            if (parameters.Length > 0)
            {
                key.Append('(');
                for (var i = 0; i < parameters.Length; i++)
                {
                    var parameter = parameters[i];
                    if (i > 0)
                    {
                        key.Append(',');
                    }

                    if (parameter.RefKind is not (RefKind.None or RefKind.Ref or RefKind.Out) || !AppendType(key, parameter.Type))
                    {
                        return null;
                    }

                    if (parameter.RefKind != RefKind.None)
                    {
                        key.Append('@');
                    }
                }

                key.Append(')');
            }

            if (!method.ReturnsVoid)
            {
                key.Append('~');
                if (!AppendType(key, method.ReturnType))
                {
                    return null;
                }
            }

            return key.ToString();
        }

        [ThreadStatic]
        private static StringBuilder? _builder;

        /// <summary>An empty builder of this thread's, kept from one key to the next: most keys are longer than a new builder's first buffer.</summary>
        private static StringBuilder Builder()
        {
            var builder = _builder ??= new StringBuilder(256);
            builder.Clear();
            return builder;
        }

        /// <summary>A member's name as ids write it (<c>.ctor</c> as <c>#ctor</c>); null for names with characters ids escape otherwise.</summary>
        private static string? Name(string name)
            => name.IndexOfAny(Escaped) >= 0 ? null : name.Replace('.', '#');

        private static readonly char[] Escaped = { '<', '>', ',', ' ', '#', '@', '{', '}', '`', '(', ')', '[', ']', '~' };

        /// <summary>Appends how an id names a type used in a signature; false for a type this builder does not take.</summary>
        private bool AppendType(StringBuilder key, ITypeSymbol type)
        {
            switch (type)
            {
                case IArrayTypeSymbol { IsSZArray: true } array:
                    if (!AppendType(key, array.ElementType))
                    {
                        return false;
                    }

                    key.Append("[]");
                    return true;
                case ITypeParameterSymbol { TypeParameterKind: TypeParameterKind.Method } methodParameter:
                    key.Append("``").Append(methodParameter.Ordinal);
                    return true;
                case ITypeParameterSymbol { TypeParameterKind: TypeParameterKind.Type, DeclaringType.ContainingType: null } typeParameter:
                    key.Append('`').Append(typeParameter.Ordinal);
                    return true;
                case INamedTypeSymbol { IsTupleType: false, TypeKind: not TypeKind.Error } named when named.ContainingType is null || named.ContainingType.Arity == 0:
                    if (named.Arity == 0)
                    {
                        if (TypeName(named) is not { } name)
                        {
                            return false;
                        }

                        key.Append(name);
                        return true;
                    }

                    if (TypeName(named.OriginalDefinition) is not { } generic)
                    {
                        return false;
                    }

                    // The definition's name without its arity mark, then its type arguments.
                    key.Append(generic, 0, generic.LastIndexOf('`')).Append('{');
                    var arguments = named.TypeArguments;
                    for (var i = 0; i < arguments.Length; i++)
                    {
                        if (i > 0)
                        {
                            key.Append(',');
                        }

                        if (!AppendType(key, arguments[i]))
                        {
                            return false;
                        }
                    }

                    key.Append('}');
                    return true;
                default:
                    return false; // pointers, function pointers, dynamic, tuples, multidimensional arrays, error types
            }
        }

        /// <summary>A named type's full name as ids write it (<c>Ns.Outer.Inner`1</c>), found once per type; null for shapes left to Roslyn.</summary>
        private string? TypeName(INamedTypeSymbol? type)
        {
            if (type is null)
            {
                return null;
            }

            type = type.OriginalDefinition;
            return _typeNames.TryGetValue(type, out var name) ? name : _typeNames.GetOrAdd(type, FindTypeName);
        }

        private string? FindTypeName(ISymbol symbol)
        {
            var type = (INamedTypeSymbol)symbol;
            if (type.TypeKind == TypeKind.Error || type.IsTupleType || type.IsAnonymousType || type.Name.Length == 0 || type.Name.IndexOfAny(Escaped) >= 0 || type.Name.IndexOf('.') >= 0)
            {
                return null;
            }

            string prefix;
            if (type.ContainingType is { } outer)
            {
                if (outer.Arity > 0 || TypeName(outer) is not { } outerName)
                {
                    return null;
                }

                prefix = outerName + ".";
            }
            else
            {
                prefix = NamespaceName(type.ContainingNamespace);
            }

            return type.Arity > 0 ? prefix + type.Name + "`" + type.Arity : prefix + type.Name;
        }

        /// <summary>A namespace's dotted name with a trailing dot, or nothing for the global namespace.</summary>
        private static string NamespaceName(INamespaceSymbol? ns)
        {
            if (ns is null || ns.IsGlobalNamespace)
            {
                return string.Empty;
            }

            var name = new StringBuilder();
            Append(name, ns);
            return name.Append('.').ToString();

            static void Append(StringBuilder name, INamespaceSymbol ns)
            {
                if (ns.ContainingNamespace is { IsGlobalNamespace: false } outer)
                {
                    Append(name, outer);
                    name.Append('.');
                }

                name.Append(ns.Name);
            }
        }
    }
}
