using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Runtime.CompilerServices;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Operations;
using Seeding.Analyzers.Flow;

namespace Seeding.Analyzers.Knowledge
{
    /// <summary>
    /// The inventory resolved against one compilation: library members as symbols, each with
    /// its row. Built once per compilation and shared by every rule; a library that the
    /// compilation does not reference costs one type lookup. The inventory's types are looked
    /// up when the knowledge is built; their members are matched to rows (by name and
    /// parameter types) the first time a member of that type is asked about, so a compilation
    /// pays for the overloads of the types it uses, not for the whole inventory.
    /// </summary>
    internal sealed class RandomnessKnowledge
    {
        /// <summary>A type that every version of a library has: present means referenced.</summary>
        private static readonly ImmutableDictionary<string, string> LibraryMarkers = ImmutableDictionary.CreateRange(new[]
        {
            new KeyValuePair<string, string>("TorchSharp", "TorchSharp.torch"),
            new KeyValuePair<string, string>("TorchVision", "TorchSharp.torchvision"),
            new KeyValuePair<string, string>("Microsoft.ML", "Microsoft.ML.MLContext"),
            new KeyValuePair<string, string>("MathNet.Numerics", "MathNet.Numerics.Random.RandomSource"),
            new KeyValuePair<string, string>("System", "System.Random"),
        });

        private static readonly SymbolDisplayFormat ParameterTypeFormat = new SymbolDisplayFormat(
            typeQualificationStyle: SymbolDisplayTypeQualificationStyle.NameAndContainingTypesAndNamespaces,
            genericsOptions: SymbolDisplayGenericsOptions.IncludeTypeParameters,
            miscellaneousOptions: SymbolDisplayMiscellaneousOptions.UseSpecialTypes
                | SymbolDisplayMiscellaneousOptions.IncludeNullableReferenceTypeModifier);

        private static readonly ConditionalWeakTable<Compilation, RandomnessKnowledge> Cache = new ConditionalWeakTable<Compilation, RandomnessKnowledge>();

        /// <summary>The inventory's rows by resolved declaring type, in inventory order.</summary>
        private readonly Dictionary<INamedTypeSymbol, List<InventoryEntry>> _rowsByType;

        /// <summary>Each type's members matched to rows, filled on first use of the type.</summary>
        private readonly ConcurrentDictionary<INamedTypeSymbol, Dictionary<ISymbol, InventoryEntry>> _membersByType =
            new ConcurrentDictionary<INamedTypeSymbol, Dictionary<ISymbol, InventoryEntry>>(SymbolEqualityComparer.Default);

        private readonly Func<INamedTypeSymbol, Dictionary<ISymbol, InventoryEntry>> _resolveType;
        private readonly HashSet<string> _libraries;

        private RandomnessKnowledge(Dictionary<INamedTypeSymbol, List<InventoryEntry>> rowsByType, HashSet<string> libraries, Compilation compilation)
        {
            _rowsByType = rowsByType;
            _resolveType = ResolveType;
            _libraries = libraries;
            TorchGenerator = compilation.GetTypeByMetadataName("TorchSharp.torch+Generator");
        }

        /// <summary>TorchSharp's <c>torch.Generator</c>, when TorchSharp is referenced.</summary>
        public INamedTypeSymbol? TorchGenerator { get; }

        public bool HasTorchSharp => _libraries.Contains("TorchSharp");

        public bool HasMicrosoftML => _libraries.Contains("Microsoft.ML");

        public bool HasMathNet => _libraries.Contains("MathNet.Numerics");

        /// <summary>References TorchSharp, Microsoft.ML or MathNet.Numerics.</summary>
        public bool HasMachineLearningLibrary => HasTorchSharp || HasMicrosoftML || HasMathNet;

        /// <summary>The knowledge for a compilation, built on first request and shared by every rule.</summary>
        public static RandomnessKnowledge For(Compilation compilation) => Cache.GetValue(compilation, Create);

        /// <summary>The inventory row of a member (methods by overload; members of generic types by definition).</summary>
        public InventoryEntry? Find(ISymbol? symbol)
        {
            if (symbol is null)
            {
                return null;
            }

            if (Lookup(symbol.OriginalDefinition) is { } entry)
            {
                return entry;
            }

            // A reduced extension method is found through its definition.
            return symbol is IMethodSymbol { ReducedFrom: { } reducedFrom } ? Lookup(reducedFrom.OriginalDefinition) : null;
        }

        /// <summary>Every resolved member, for checks over the data (resolves every type).</summary>
        internal IEnumerable<KeyValuePair<ISymbol, InventoryEntry>> Members => MembersOf(_ => true);

        /// <summary>The resolved members whose row satisfies <paramref name="row"/>; only the types with such rows are resolved.</summary>
        internal IEnumerable<KeyValuePair<ISymbol, InventoryEntry>> MembersOf(Func<InventoryEntry, bool> row)
        {
            foreach (var pair in _rowsByType)
            {
                if (!pair.Value.Exists(entry => row(entry)))
                {
                    continue;
                }

                foreach (var member in _membersByType.GetOrAdd(pair.Key, _resolveType))
                {
                    if (row(member.Value))
                    {
                        yield return member;
                    }
                }
            }
        }

        /// <summary>
        /// The parameter through which an inventory method or constructor takes its seed (the
        /// parameter named "seed", any case: <c>MLContext(int? seed)</c>, <c>DataLoader(..., int? seed, ...)</c>,
        /// <c>Random(int Seed)</c>), or null when the member is not in the inventory or takes no seed.
        /// </summary>
        public IParameterSymbol? SeedParameter(IMethodSymbol? method)
        {
            if (method is null || Find(method) is null)
            {
                return null;
            }

            foreach (var parameter in method.Parameters)
            {
                if (string.Equals(parameter.Name, "seed", StringComparison.OrdinalIgnoreCase))
                {
                    return parameter;
                }
            }

            return null;
        }

        /// <summary><c>torch.manual_seed</c>, <c>torch.random.manual_seed</c> (and restoring the global state).</summary>
        public bool IsTorchGlobalSeed(IMethodSymbol method) => Find(method) is { } entry && IsTorchGlobalSeed(entry);

        /// <summary><see cref="IsTorchGlobalSeed(IMethodSymbol)"/> for a row already found.</summary>
        public static bool IsTorchGlobalSeed(InventoryEntry entry)
            => entry is { Role: RandomnessRole.Seed, Library: "TorchSharp" }
                && (entry.TypeMetadataName == "TorchSharp.torch" || entry.TypeMetadataName == "TorchSharp.torch+random")
                && (entry.Member == "manual_seed" || entry.Member == "set_rng_state");

        /// <summary><c>torch.seed()</c>, <c>torch.random.seed()</c>: reseed the global generator from the clock.</summary>
        public bool IsTorchGlobalReseed(IMethodSymbol method) => Find(method) is { } entry && IsTorchGlobalReseed(entry);

        /// <summary><see cref="IsTorchGlobalReseed(IMethodSymbol)"/> for a row already found.</summary>
        public static bool IsTorchGlobalReseed(InventoryEntry entry)
            => entry is { Role: RandomnessRole.NondeterministicSeedSource, Library: "TorchSharp", Member: "seed" }
                && entry.TypeMetadataName != "TorchSharp.torch+Generator";

        /// <summary>
        /// The inventory row when <paramref name="operation"/> (a call or object creation) draws
        /// from TorchSharp's global generator: an on-call torch-global consumer that is not given
        /// a generator of its own.
        /// </summary>
        public InventoryEntry? TorchGlobalDraw(IOperation operation)
        {
            var (member, arguments) = operation switch
            {
                IInvocationOperation invocation => ((ISymbol?)invocation.TargetMethod, invocation.Arguments),
                IObjectCreationOperation creation => (creation.Constructor, creation.Arguments),
                _ => (null, ImmutableArray<IArgumentOperation>.Empty),
            };

            return Find(member) is { } entry ? TorchGlobalDraw(entry, arguments) : null;
        }

        /// <summary><see cref="TorchGlobalDraw(IOperation)"/> for the row already found for the called member, and the call's arguments.</summary>
        public InventoryEntry? TorchGlobalDraw(InventoryEntry entry, ImmutableArray<IArgumentOperation> arguments)
            => !entry.DrawsFromTorchGlobalOnCall || (entry.AcceptsGenerator && PassesOwnGenerator(arguments)) ? null : entry;

        /// <summary>
        /// True when a <c>generator</c> argument is given and cannot be the global generator
        /// (<c>null</c>, <c>Generator.Default</c> and the value <c>manual_seed</c> returns all wrap the global one).
        /// </summary>
        private bool PassesOwnGenerator(ImmutableArray<IArgumentOperation> arguments)
        {
            foreach (var argument in arguments)
            {
                if (argument.ArgumentKind == ArgumentKind.DefaultValue
                    || argument.Parameter is null
                    || !SymbolEqualityComparer.Default.Equals(argument.Parameter.Type.OriginalDefinition, TorchGenerator))
                {
                    continue;
                }

                return !IsGlobalGenerator(argument.Value);
            }

            return false;
        }

        /// <summary>
        /// True when the generator may be the global one: one of the values
        /// <see cref="ValueSources"/> finds it may come from is <c>null</c>, <c>Generator.Default</c>
        /// or what <c>manual_seed</c> returns (<c>var g = torch.manual_seed(1);</c>).
        /// </summary>
        private bool IsGlobalGenerator(IOperation value)
        {
            foreach (var leaf in new ValueSources().LeavesOf(value))
            {
                var isGlobal = leaf switch
                {
                    { ConstantValue: { HasValue: true, Value: null } } or IDefaultValueOperation => true, // null: the global generator
                    IPropertyReferenceOperation property => Find(property.Property) is { Role: RandomnessRole.Seed, Member: "Default" },
                    IInvocationOperation invocation => IsTorchGlobalSeed(invocation.TargetMethod),
                    _ => false,
                };
                if (isGlobal)
                {
                    return true;
                }
            }

            return false;
        }

        private static RandomnessKnowledge Create(Compilation compilation)
        {
            var libraries = new HashSet<string>(StringComparer.Ordinal);
            foreach (var marker in LibraryMarkers)
            {
                if (compilation.GetTypeByMetadataName(marker.Value) is not null)
                {
                    libraries.Add(marker.Key);
                }
            }

            var rowsByType = new Dictionary<INamedTypeSymbol, List<InventoryEntry>>(SymbolEqualityComparer.Default);
            var types = new Dictionary<string, INamedTypeSymbol?>(StringComparer.Ordinal);
            foreach (var entry in Inventory.Entries)
            {
                if (!libraries.Contains(entry.Library))
                {
                    continue;
                }

                if (!types.TryGetValue(entry.TypeMetadataName, out var type))
                {
                    type = compilation.GetTypeByMetadataName(entry.TypeMetadataName);
                    types.Add(entry.TypeMetadataName, type);
                }

                if (type is null)
                {
                    continue;
                }

                if (!rowsByType.TryGetValue(type, out var rows))
                {
                    rowsByType.Add(type, rows = new List<InventoryEntry>());
                }

                rows.Add(entry);
            }

            return new RandomnessKnowledge(rowsByType, libraries, compilation);
        }

        /// <summary>The row of a member definition: its declaring type's members are matched to rows on first use.</summary>
        private InventoryEntry? Lookup(ISymbol definition)
        {
            if (definition.ContainingType is not { } type || !_rowsByType.ContainsKey(type))
            {
                return null;
            }

            return _membersByType.GetOrAdd(type, _resolveType).TryGetValue(definition, out var entry) ? entry : null;
        }

        /// <summary>Every row of one type matched to its members, later rows winning as in the inventory's order.</summary>
        private Dictionary<ISymbol, InventoryEntry> ResolveType(INamedTypeSymbol type)
        {
            var members = new Dictionary<ISymbol, InventoryEntry>(SymbolEqualityComparer.Default);
            var names = new Dictionary<ITypeSymbol, string>(SymbolEqualityComparer.IncludeNullability); // a type's overloads share their parameter types
            foreach (var entry in _rowsByType[type])
            {
                Resolve(type, entry, members, names);
            }

            return members;
        }

        private static void Resolve(INamedTypeSymbol type, InventoryEntry entry, Dictionary<ISymbol, InventoryEntry> members, Dictionary<ITypeSymbol, string> names)
        {
            var candidates = entry.Member switch
            {
                ".ctor" => type.InstanceConstructors.CastArray<ISymbol>(),
                ".cctor" => type.StaticConstructors.CastArray<ISymbol>(),
                _ => type.GetMembers(entry.Member),
            };
            if (entry.ParameterTypes is not { } parameterTypes)
            {
                foreach (var candidate in candidates)
                {
                    if (candidate is not IMethodSymbol)
                    {
                        members[candidate] = entry;
                    }
                }

                return;
            }

            var matched = false;
            foreach (var loose in new[] { false, true })
            {
                foreach (var candidate in candidates)
                {
                    if (candidate is IMethodSymbol method && ParametersMatch(method, parameterTypes, loose, names))
                    {
                        members[method] = entry;
                        matched = true;
                    }
                }

                if (matched)
                {
                    return;
                }
            }
        }

        /// <summary>Exact parameter types; the loose pass ignores nullable annotations, which metadata does not always carry.</summary>
        private static bool ParametersMatch(IMethodSymbol method, ImmutableArray<string> expected, bool loose, Dictionary<ITypeSymbol, string> names)
        {
            var parameters = method.Parameters;
            if (parameters.Length != expected.Length)
            {
                return false;
            }

            for (var i = 0; i < expected.Length; i++)
            {
                var type = parameters[i].Type;
                if (!names.TryGetValue(type, out var actual))
                {
                    names.Add(type, actual = Inventory.Normalize(type.ToDisplayString(ParameterTypeFormat)));
                }

                var wanted = expected[i];
                if (loose)
                {
                    actual = actual.Replace("?", string.Empty);
                    wanted = wanted.Replace("?", string.Empty);
                }

                if (!string.Equals(actual, wanted, StringComparison.Ordinal))
                {
                    return false;
                }
            }

            return true;
        }
    }
}
