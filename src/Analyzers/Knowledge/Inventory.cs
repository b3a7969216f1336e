using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Text;

namespace Seeding.Analyzers.Knowledge
{
    /// <summary>
    /// The randomness inventory (Knowledge/rng-api-inventory.tsv, embedded in this assembly):
    /// parsed once per process. Rows whose member the library does not have ("ABSENT") are
    /// kept out; they document what users might expect but cannot call.
    /// </summary>
    internal static class Inventory
    {
        private const string ResourceName = "Seeding.Analyzers.Knowledge.rng-api-inventory.tsv";

        private static readonly Lazy<ImmutableArray<InventoryEntry>> LazyEntries = new Lazy<ImmutableArray<InventoryEntry>>(Load);

        public static ImmutableArray<InventoryEntry> Entries => LazyEntries.Value;

        private static ImmutableArray<InventoryEntry> Load()
        {
            using var stream = typeof(Inventory).Assembly.GetManifestResourceStream(ResourceName)
                ?? throw new InvalidOperationException("The randomness inventory is missing from the assembly.");
            using var reader = new StreamReader(stream, Encoding.UTF8);
            return Parse(reader);
        }

        /// <summary>Parses the inventory's TSV text (header line first).</summary>
        internal static ImmutableArray<InventoryEntry> Parse(TextReader reader)
        {
            var entries = ImmutableArray.CreateBuilder<InventoryEntry>();
            reader.ReadLine(); // header
            string? line;
            while ((line = reader.ReadLine()) is not null)
            {
                var columns = line.Split('\t');
                if (columns.Length < 8 || columns[4] == "ABSENT" || !TryParseRole(columns[1], out var role))
                {
                    continue;
                }

                entries.Add(new InventoryEntry(
                    library: columns[0],
                    role: role,
                    typeMetadataName: columns[2],
                    member: columns[3],
                    parameterTypes: ParameterTypes(columns[4], columns[3]),
                    acceptsGenerator: columns[5] == "yes",
                    draws: columns[6] switch
                    {
                        "on-call" => DrawTiming.OnCall,
                        "later" => DrawTiming.Later,
                        _ => DrawTiming.NotApplicable,
                    },
                    generator: columns[7] switch
                    {
                        "torch-global" => GeneratorKind.TorchGlobal,
                        "system-random" => GeneratorKind.SystemRandom,
                        "mlcontext" => GeneratorKind.MLContext,
                        "mathnet-source" => GeneratorKind.MathNetSource,
                        _ => GeneratorKind.NotApplicable,
                    }));
            }

            return entries.ToImmutable();
        }

        private static bool TryParseRole(string text, out RandomnessRole role)
        {
            switch (text)
            {
                case "seed": role = RandomnessRole.Seed; return true;
                case "consumer": role = RandomnessRole.Consumer; return true;
                case "determinism": role = RandomnessRole.Determinism; return true;
                case "device": role = RandomnessRole.Device; return true;
                case "nondeterministic-seed-source": role = RandomnessRole.NondeterministicSeedSource; return true;
                default: role = default; return false;
            }
        }

        /// <summary>
        /// The parameter types of a signature such as
        /// <c>static Tensor rand(long[] size, [ScalarType? dtype = null])</c>, or null when the
        /// member is a field or property (no parameter list after its name).
        /// </summary>
        internal static ImmutableArray<string>? ParameterTypes(string signature, string member)
        {
            var open = FindParameterListStart(signature, member);
            var close = open < 0 ? -1 : MatchingClose(signature, open);
            if (close < 0)
            {
                return null;
            }

            var types = ImmutableArray.CreateBuilder<string>();
            foreach (var parameter in SplitTopLevel(signature.Substring(open + 1, close - open - 1)))
            {
                var text = parameter.Trim();
                if (text.Length == 0)
                {
                    continue;
                }

                if (text[0] == '[' && text[text.Length - 1] == ']')
                {
                    text = text.Substring(1, text.Length - 2); // optional parameter
                }

                var equals = IndexOfTopLevel(text, '=');
                if (equals >= 0)
                {
                    text = text.Substring(0, equals).TrimEnd();
                }

                foreach (var modifier in new[] { "params ", "this ", "ref ", "out ", "in ", "scoped " })
                {
                    if (text.StartsWith(modifier, StringComparison.Ordinal))
                    {
                        text = text.Substring(modifier.Length);
                    }
                }

                var lastSpace = LastIndexOfTopLevel(text, ' ');
                types.Add(Normalize(lastSpace < 0 ? text : text.Substring(0, lastSpace)));
            }

            return types.ToImmutable();
        }

        /// <summary>Spelling differences that do not distinguish overloads: spaces and nullable reference annotations.</summary>
        internal static string Normalize(string type) => type.Replace(" ", string.Empty);

        /// <summary>
        /// Where the parameter list opens: after the member name and any type parameters
        /// (<c>to&lt;T&gt;(</c>); for constructors and operators, at the first parenthesis.
        /// Returns -1 for fields and properties.
        /// </summary>
        private static int FindParameterListStart(string signature, string member)
        {
            if (member is ".ctor" or ".cctor" || member.StartsWith("op_", StringComparison.Ordinal))
            {
                return signature.IndexOf('(');
            }

            var searchFrom = 0;
            while (true)
            {
                var at = signature.IndexOf(member, searchFrom, StringComparison.Ordinal);
                if (at < 0)
                {
                    return -1;
                }

                var after = at + member.Length;
                var startsWord = at == 0 || !(char.IsLetterOrDigit(signature[at - 1]) || signature[at - 1] == '_' || signature[at - 1] == '.');
                if (startsWord && after < signature.Length)
                {
                    if (signature[after] == '(')
                    {
                        return after;
                    }

                    if (signature[after] == '<')
                    {
                        var closeAngle = MatchingClose(signature, after);
                        if (closeAngle > 0 && closeAngle + 1 < signature.Length && signature[closeAngle + 1] == '(')
                        {
                            return closeAngle + 1;
                        }
                    }
                }

                searchFrom = at + 1;
            }
        }

        /// <summary>The index of the bracket that closes the one at <paramref name="open"/>, or -1.</summary>
        private static int MatchingClose(string text, int open)
        {
            var depth = 0;
            for (var i = open; i < text.Length; i++)
            {
                var c = text[i];
                if (c is '(' or '<' or '[') depth++;
                else if (c is ')' or '>' or ']')
                {
                    depth--;
                    if (depth == 0)
                    {
                        return i;
                    }
                }
            }

            return -1;
        }

        private static IEnumerable<string> SplitTopLevel(string text)
        {
            var depth = 0;
            var start = 0;
            for (var i = 0; i < text.Length; i++)
            {
                switch (text[i])
                {
                    case '(': case '<': case '[': depth++; break;
                    case ')': case '>': case ']': depth--; break;
                    case ',' when depth == 0:
                        yield return text.Substring(start, i - start);
                        start = i + 1;
                        break;
                }
            }

            yield return text.Substring(start);
        }

        private static int IndexOfTopLevel(string text, char wanted)
        {
            var depth = 0;
            for (var i = 0; i < text.Length; i++)
            {
                var c = text[i];
                if (c is '(' or '<' or '[') depth++;
                else if (c is ')' or '>' or ']') depth--;
                else if (c == wanted && depth == 0) return i;
            }

            return -1;
        }

        private static int LastIndexOfTopLevel(string text, char wanted)
        {
            var depth = 0;
            for (var i = text.Length - 1; i >= 0; i--)
            {
                var c = text[i];
                if (c is ')' or '>' or ']') depth++;
                else if (c is '(' or '<' or '[') depth--;
                else if (c == wanted && depth == 0) return i;
            }

            return -1;
        }
    }
}
