using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Collections.Immutable;
using System.Diagnostics.CodeAnalysis;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CodeFixes;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.Diagnostics;
using Microsoft.CodeAnalysis.Text;
using Seeding.Analyzers.CodeFixes.Rules;
using Seeding.Analyzers.Rules;
using Seeding.Analyzers.Tests.Infrastructure;

namespace Seeding.Analyzers.Tests.Robustness
{
    /// <summary>
    /// The conditions a robustness input is compiled and analyzed under: which libraries are
    /// referenced (possibly not those the code uses), executable or library, and options.
    /// </summary>
    internal sealed class RobustnessVariant
    {
        public RobustnessVariant(string name, Libraries libraries, OutputKind outputKind, AnalyzerOptions options)
        {
            Name = name;
            Libraries = libraries;
            OutputKind = outputKind;
            Options = options;
        }

        public string Name { get; }

        public Libraries Libraries { get; }

        public OutputKind OutputKind { get; }

        public AnalyzerOptions Options { get; }

        public override string ToString() => Name;
    }

    /// <summary>What one analyzer run produced: its diagnostics and the exceptions analyzers threw.</summary>
    internal sealed class AnalysisRun
    {
        public AnalysisRun(ImmutableArray<Diagnostic> diagnostics, IReadOnlyList<string> exceptions)
        {
            Diagnostics = diagnostics;
            Exceptions = exceptions;
        }

        public ImmutableArray<Diagnostic> Diagnostics { get; }

        /// <summary>Each exception reported to the analyzer-exception callback, with the analyzer's name.</summary>
        public IReadOnlyList<string> Exceptions { get; }

        /// <summary>What went wrong, if anything: exceptions from the callback and AD0001 diagnostics.</summary>
        public IEnumerable<string> Failures()
        {
            foreach (var exception in Exceptions)
            {
                yield return exception;
            }

            foreach (var diagnostic in Diagnostics)
            {
                if (diagnostic.Id == "AD0001")
                {
                    yield return diagnostic.ToString();
                }
            }
        }
    }

    /// <summary>
    /// Every analyzer and fixer of the package, found by reflection, and the compilations the
    /// robustness suites run them on. The metadata references and base compilations are built
    /// once and shared, so each run costs only its own syntax tree.
    /// </summary>
    internal static class RobustnessHarness
    {
        /// <summary>Every library the analyzers know, TorchVision bringing TorchSharp.</summary>
        public const Libraries AllLibraries = Libraries.TorchVision | Libraries.MicrosoftML | Libraries.MathNet;

        private static readonly ConcurrentDictionary<(Libraries, OutputKind), CSharpCompilation> BaseCompilations = new();

        public static CSharpParseOptions ParseOptions { get; } = new CSharpParseOptions(LanguageVersion.Latest);

        public static ImmutableArray<DiagnosticAnalyzer> Analyzers { get; } =
            InstancesOf<DiagnosticAnalyzer>(typeof(UnseededRandomAnalyzer).Assembly.GetTypes());

        public static ImmutableArray<CodeFixProvider> Fixers { get; } =
            InstancesOf<CodeFixProvider>(typeof(UnseededRandomCodeFixProvider).Assembly.GetTypes());

        /// <summary>Every rule ID some fixer fixes.</summary>
        public static ImmutableHashSet<string> FixableIds { get; } =
            Fixers.SelectMany(fixer => fixer.FixableDiagnosticIds).ToImmutableHashSet(StringComparer.Ordinal);

        /// <summary>No options: every default.</summary>
        public static AnalyzerOptions DefaultOptions { get; } = OptionsOf();

        /// <summary>
        /// Options that change what the rules do: SEED003 in libraries too, a negative default
        /// seed (a fix must still compile where the seed parameter is unsigned).
        /// </summary>
        public static AnalyzerOptions StrictOptions { get; } = OptionsOf(
            ("seeding.torch_seed_required", "always"),
            ("seeding.default_seed", "-7"));

        /// <summary>Options that narrow the rules: SEED001/SEED004 only with ML libraries, SEED003 never, the largest seed.</summary>
        public static AnalyzerOptions QuietOptions { get; } = OptionsOf(
            ("seeding.ml_only", "true"),
            ("seeding.torch_seed_required", "never"),
            ("seeding.default_seed", "2147483647"));

        /// <summary>
        /// The conditions inputs are analyzed under: whole corpus inputs under all of them, the
        /// other tests' sources under the first four, truncated inputs under each in turn.
        /// Libraries.None, TorchSharp only and ML.NET only, on code that uses the others, are the
        /// missing-reference cases.
        /// </summary>
        public static ImmutableArray<RobustnessVariant> Variants { get; } = ImmutableArray.Create(
            new RobustnessVariant("all libraries, exe", AllLibraries, OutputKind.ConsoleApplication, DefaultOptions),
            new RobustnessVariant("no libraries, dll", Libraries.None, OutputKind.DynamicallyLinkedLibrary, DefaultOptions),
            new RobustnessVariant("all libraries, dll, strict options", AllLibraries, OutputKind.DynamicallyLinkedLibrary, StrictOptions),
            new RobustnessVariant("TorchSharp only, exe", Libraries.TorchSharp, OutputKind.ConsoleApplication, DefaultOptions),
            new RobustnessVariant("all libraries, dll", AllLibraries, OutputKind.DynamicallyLinkedLibrary, DefaultOptions),
            new RobustnessVariant("no libraries, exe, quiet options", Libraries.None, OutputKind.ConsoleApplication, QuietOptions),
            new RobustnessVariant("ML.NET only, exe, strict options", Libraries.MicrosoftML, OutputKind.ConsoleApplication, StrictOptions));

        public static SyntaxTree Parse(string text, string path)
            => CSharpSyntaxTree.ParseText(text, ParseOptions, path);

        /// <summary>A compilation of <paramref name="trees"/> against the variant's references.</summary>
        public static CSharpCompilation Compile(RobustnessVariant variant, IEnumerable<SyntaxTree> trees)
            => BaseCompilation(variant.Libraries, variant.OutputKind).AddSyntaxTrees(trees);

        public static CSharpCompilation BaseCompilation(Libraries libraries, OutputKind outputKind)
            => BaseCompilations.GetOrAdd((libraries, outputKind), key => CSharpCompilation.Create(
                "Robustness",
                syntaxTrees: null,
                TestReferences.For(key.Item1),
                new CSharpCompilationOptions(key.Item2, nullableContextOptions: NullableContextOptions.Enable, allowUnsafe: true)));

        /// <summary>Runs every analyzer, concurrently, collecting what the analyzer-exception callback reports.</summary>
        public static Task<AnalysisRun> AnalyzeAsync(Compilation compilation, AnalyzerOptions options)
            => AnalyzeAsync(compilation, options, Analyzers);

        public static async Task<AnalysisRun> AnalyzeAsync(Compilation compilation, AnalyzerOptions options, ImmutableArray<DiagnosticAnalyzer> analyzers)
        {
            var exceptions = new ConcurrentQueue<string>();
            var diagnostics = await WithAnalyzers(compilation, options, analyzers, exceptions).GetAnalyzerDiagnosticsAsync().ConfigureAwait(false);
            return new AnalysisRun(diagnostics, exceptions.ToList());
        }

        /// <summary>
        /// Runs every analyzer as an editor does on an open file: syntax, then semantics of the
        /// whole file, then of each of <paramref name="spans"/> (compilation-end actions do not run).
        /// </summary>
        public static async Task<AnalysisRun> AnalyzeLikeAnEditorAsync(Compilation compilation, AnalyzerOptions options, SyntaxTree tree, IEnumerable<TextSpan> spans)
        {
            var exceptions = new ConcurrentQueue<string>();
            var diagnostics = ImmutableArray.CreateBuilder<Diagnostic>();
            var model = compilation.GetSemanticModel(tree);
            diagnostics.AddRange(await WithAnalyzers(compilation, options, Analyzers, exceptions).GetAnalyzerSyntaxDiagnosticsAsync(tree, CancellationToken.None).ConfigureAwait(false));
            diagnostics.AddRange(await WithAnalyzers(compilation, options, Analyzers, exceptions).GetAnalyzerSemanticDiagnosticsAsync(model, null, CancellationToken.None).ConfigureAwait(false));
            foreach (var span in spans)
            {
                diagnostics.AddRange(await WithAnalyzers(compilation, options, Analyzers, exceptions).GetAnalyzerSemanticDiagnosticsAsync(model, span, CancellationToken.None).ConfigureAwait(false));
            }

            return new AnalysisRun(diagnostics.ToImmutable(), exceptions.ToList());
        }

        private static CompilationWithAnalyzers WithAnalyzers(
            Compilation compilation, AnalyzerOptions options, ImmutableArray<DiagnosticAnalyzer> analyzers, ConcurrentQueue<string> exceptions)
            => compilation.WithAnalyzers(analyzers, new CompilationWithAnalyzersOptions(
                options,
                onAnalyzerException: (exception, analyzer, _) => exceptions.Enqueue(analyzer.GetType().Name + ": " + exception),
                concurrentAnalysis: true,
                logAnalyzerExecutionTime: false));

        /// <summary>
        /// Whether any diagnostic that a fixer fixes appears when the input is analyzed under
        /// <paramref name="variant"/> (a cheap check before building a workspace for it).
        /// </summary>
        public static async Task<bool> HasFixableDiagnosticsAsync(RobustnessInput input, RobustnessVariant variant)
        {
            var trees = input.Documents.Select(document => Parse(document.Text, document.Path));
            var run = await AnalyzeAsync(Compile(variant, trees), variant.Options).ConfigureAwait(false);
            return run.Diagnostics.Any(diagnostic => FixableIds.Contains(diagnostic.Id));
        }

        public static AnalyzerOptions OptionsOf(params (string Key, string Value)[] options)
            => new AnalyzerOptions(ImmutableArray<AdditionalText>.Empty, new FixedOptionsProvider(options.ToImmutableDictionary(o => o.Key, o => o.Value)));

        private static ImmutableArray<T> InstancesOf<T>(IEnumerable<Type> types)
            => types
                .Where(type => !type.IsAbstract && typeof(T).IsAssignableFrom(type))
                .OrderBy(type => type.FullName, StringComparer.Ordinal)
                .Select(type => (T)Activator.CreateInstance(type)!)
                .ToImmutableArray();

        /// <summary>The same options for every file and globally, as a .globalconfig gives.</summary>
        private sealed class FixedOptionsProvider : AnalyzerConfigOptionsProvider
        {
            private readonly FixedOptions _options;

            public FixedOptionsProvider(ImmutableDictionary<string, string> values)
            {
                _options = new FixedOptions(values);
            }

            public override AnalyzerConfigOptions GlobalOptions => _options;

            public override AnalyzerConfigOptions GetOptions(SyntaxTree tree) => _options;

            public override AnalyzerConfigOptions GetOptions(AdditionalText textFile) => _options;
        }

        private sealed class FixedOptions : AnalyzerConfigOptions
        {
            private readonly ImmutableDictionary<string, string> _values;

            public FixedOptions(ImmutableDictionary<string, string> values)
            {
                _values = values;
            }

            public override bool TryGetValue(string key, [NotNullWhen(true)] out string? value)
                => _values.TryGetValue(key, out value);
        }
    }
}
