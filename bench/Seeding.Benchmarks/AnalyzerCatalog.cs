using System;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.IO;
using System.Reflection;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Diagnostics;
using Seeding.Analyzers.Rules;

namespace Seeding.Benchmarks
{
    /// <summary>An analyzer under measurement and the name the table gives it.</summary>
    internal sealed class NamedAnalyzer
    {
        public NamedAnalyzer(string name, DiagnosticAnalyzer analyzer)
        {
            Name = name;
            Analyzer = analyzer;
        }

        /// <summary>"SEED003 MissingTorchSeed", "CA5394 DoNotUseInsecureRandomness".</summary>
        public string Name { get; }

        public DiagnosticAnalyzer Analyzer { get; }
    }

    /// <summary>Finds the analyzers to measure: every SEED analyzer, and the NetAnalyzers analyzer that reports CA5394.</summary>
    internal static class AnalyzerCatalog
    {
        public const string ReferenceRule = "CA5394";

        /// <summary>Every analyzer in Seeding.Analyzers, in rule order.</summary>
        public static List<NamedAnalyzer> Seeding()
        {
            var found = new List<NamedAnalyzer>();
            foreach (var type in typeof(UnseededRandomAnalyzer).Assembly.GetTypes())
            {
                if (IsCSharpAnalyzer(type))
                {
                    var analyzer = (DiagnosticAnalyzer)Activator.CreateInstance(type)!;
                    found.Add(new NamedAnalyzer(FirstId(analyzer) + " " + ShortName(type), analyzer));
                }
            }

            found.Sort((left, right) => string.CompareOrdinal(left.Name, right.Name));
            return found;
        }

        /// <summary>
        /// The analyzer of Microsoft.CodeAnalysis.NetAnalyzers whose supported diagnostics include
        /// CA5394, found by asking every C# analyzer in the package rather than by its type name.
        /// </summary>
        public static NamedAnalyzer Reference() => NetAnalyzer(ReferenceRule);

        /// <summary>
        /// The yardstick (<c>--yardstick</c>): the NetAnalyzers analyzer that reports CA2000
        /// (dispose objects before losing scope), a rule built on NetAnalyzers' own dataflow
        /// framework (points-to and dispose analysis over each method's control-flow graph), run
        /// with its default options: what an established flow analysis costs on the same program.
        /// </summary>
        public static NamedAnalyzer Yardstick() => NetAnalyzer(YardstickRule);

        public const string YardstickRule = "CA2000";

        /// <summary>The one C# analyzer of Microsoft.CodeAnalysis.NetAnalyzers whose supported diagnostics include <paramref name="rule"/>.</summary>
        private static NamedAnalyzer NetAnalyzer(string rule)
        {
            var directory = References.NetAnalyzersDirectory;
            NamedAnalyzer? match = null;
            foreach (var file in new[] { "Microsoft.CodeAnalysis.NetAnalyzers.dll", "Microsoft.CodeAnalysis.CSharp.NetAnalyzers.dll" })
            {
                var assembly = Assembly.LoadFrom(Path.Combine(directory, file));
                foreach (var type in LoadableTypes(assembly))
                {
                    if (type is null || !IsCSharpAnalyzer(type))
                    {
                        continue;
                    }

                    var analyzer = (DiagnosticAnalyzer)Activator.CreateInstance(type)!;
                    foreach (var descriptor in analyzer.SupportedDiagnostics)
                    {
                        if (descriptor.Id == rule)
                        {
                            if (match is not null)
                            {
                                throw new InvalidOperationException($"Two analyzers report {rule}: {match.Analyzer.GetType().AssemblyQualifiedName} and {type.AssemblyQualifiedName}.");
                            }

                            match = new NamedAnalyzer(rule + " " + type.Name, analyzer);
                            break; // a rule may have several descriptors (CA2000 has one per kind of finding)
                        }
                    }
                }
            }

            return match ?? throw new InvalidOperationException($"No analyzer in {directory} reports {rule}.");
        }

        /// <summary>The version of the NetAnalyzers assembly the reference analyzer came from.</summary>
        public static string VersionOf(DiagnosticAnalyzer analyzer)
            => analyzer.GetType().Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion
                ?? analyzer.GetType().Assembly.GetName().Version?.ToString()
                ?? "?";

        private static bool IsCSharpAnalyzer(Type type)
        {
            if (type.IsAbstract || !typeof(DiagnosticAnalyzer).IsAssignableFrom(type) || type.GetConstructor(Type.EmptyTypes) is null)
            {
                return false;
            }

            foreach (var attribute in type.GetCustomAttributes<DiagnosticAnalyzerAttribute>(inherit: false))
            {
                if (Array.IndexOf(attribute.Languages, LanguageNames.CSharp) >= 0)
                {
                    return true;
                }
            }

            return false;
        }

        private static Type?[] LoadableTypes(Assembly assembly)
        {
            try
            {
                return assembly.GetTypes();
            }
            catch (ReflectionTypeLoadException exception)
            {
                return exception.Types;
            }
        }

        private static string FirstId(DiagnosticAnalyzer analyzer)
        {
            var ids = new SortedSet<string>(StringComparer.Ordinal);
            foreach (var descriptor in analyzer.SupportedDiagnostics)
            {
                ids.Add(descriptor.Id);
            }

            return ids.Min ?? "?";
        }

        private static string ShortName(Type type)
            => type.Name.EndsWith("Analyzer", StringComparison.Ordinal) ? type.Name.Substring(0, type.Name.Length - "Analyzer".Length) : type.Name;

        /// <summary>Every diagnostic id the analyzers can report, for enabling them in the compilation options.</summary>
        public static ImmutableDictionary<string, ReportDiagnostic> EnableAll(IEnumerable<NamedAnalyzer> analyzers)
        {
            var builder = ImmutableDictionary.CreateBuilder<string, ReportDiagnostic>(StringComparer.Ordinal);
            foreach (var named in analyzers)
            {
                foreach (var descriptor in named.Analyzer.SupportedDiagnostics)
                {
                    builder[descriptor.Id] = ReportDiagnostic.Warn;
                }
            }

            return builder.ToImmutable();
        }
    }
}
