using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Seeding.Analyzers.Rules;
using DiagnosticResult = Microsoft.CodeAnalysis.Testing.DiagnosticResult;
using Seeding.Analyzers.Tests.Infrastructure;
using Xunit;

namespace Seeding.Analyzers.Tests.Analyzers
{
    public sealed class UnseededMLContextAnalyzerTests
    {
        private static Task VerifyAsync(string source, Libraries libraries = Libraries.MicrosoftML)
            => Verify.AnalyzerAsync<UnseededMLContextAnalyzer>(source, libraries);

        /// <summary>One diagnostic for <c>new MLContext()</c> at <paramref name="expected"/>'s locations, with <paramref name="reason"/> in its message.</summary>
        private static Task VerifyOneAsync(string source, DiagnosticResult expected, string reason)
        {
            var test = new AnalyzerTest<UnseededMLContextAnalyzer>(Libraries.MicrosoftML) { TestCode = source };
            test.ExpectedDiagnostics.Add(expected.WithArguments("'new MLContext()'", reason, "42"));
            return test.RunAsync();
        }

        [Fact]
        public Task FlagsParameterlessConstructor()
            => VerifyAsync("""
                using Microsoft.ML;

                class C
                {
                    IDataView A(IDataView data) => {|SEED005:new MLContext()|}.Data.ShuffleRows(data);
                    object B() => {|SEED005:new Microsoft.ML.MLContext()|}.BinaryClassification.Trainers.SdcaLogisticRegression();
                }
                """);

        [Fact]
        public Task FlagsSeedsThatAreNull()
            => VerifyAsync("""
                using Microsoft.ML;

                class C
                {
                    void M()
                    {
                        var a = {|SEED005:new MLContext(seed: null)|};
                        var b = {|SEED005:new MLContext(null)|};
                        var c = {|SEED005:new MLContext((int?)null)|};
                        var d = {|SEED005:new MLContext(seed: default)|};
                        var e = {|SEED005:new MLContext(default(int?))|};
                        Train(a);
                        Train(b);
                        Train(c);
                        Train(d);
                        Train(e);
                    }

                    static void Train(MLContext ml) => ml.Regression.Trainers.Sdca();
                }
                """);

        [Fact]
        public Task FlagsTargetTypedNewInFieldsLocalsArgumentsAndReturns()
            => VerifyAsync("""
                using Microsoft.ML;

                class C
                {
                    private readonly MLContext _field = {|SEED005:new()|};
                    private static MLContext Shared { get; } = {|SEED005:new(seed: null)|};

                    MLContext Make() => {|SEED005:new()|};

                    void Use(MLContext context) => context.Data.ShuffleRows(null!);

                    void M()
                    {
                        MLContext local = {|SEED005:new()|};
                        Use({|SEED005:new()|});
                        Use(local);
                        Use(_field);
                        Use(Shared);
                        Use(Make());
                    }
                }
                """);

        [Fact]
        public Task ReportsWithoutTheObjectInitialiser()
            => VerifyAsync("""
                using Microsoft.ML;

                public class C
                {
                    public MLContext A() => {|SEED005:new MLContext()|} { FallbackToCpu = true };
                    public MLContext B() => {|SEED005:new MLContext|} { GpuDeviceId = 0 };
                    public MLContext D() => {|SEED005:new()|} { FallbackToCpu = false };
                }
                """);

        [Fact]
        public Task QuietOnSeededContexts()
            => VerifyAsync("""
                using Microsoft.ML;

                class C
                {
                    private const int Seed = 7;

                    void M(int someInt, int? fromConfiguration)
                    {
                        var a = new MLContext(1);
                        var b = new MLContext(seed: 1);
                        var c = new MLContext(seed: someInt);
                        var d = new MLContext(Seed);
                        var e = new MLContext(seed: fromConfiguration);
                        var f = new MLContext(default(int));
                        MLContext g = new(42);
                        MLContext h = new(seed: 3) { FallbackToCpu = true };
                    }
                }
                """);

        [Fact]
        public Task QuietOnOtherMLNetObjectsAndOtherTypesNamedMLContext()
            => VerifyAsync("""
                using Microsoft.ML;

                namespace Mine
                {
                    class MLContext
                    {
                        public MLContext(int? seed = null) { }
                    }

                    class C
                    {
                        MLContext A() => new MLContext();
                        object B(Microsoft.ML.MLContext ml, IDataView data) => ml.Data.TrainTestSplit(data);
                    }
                }
                """);

        [Fact]
        public Task QuietWhenMLNetIsNotReferenced()
            => VerifyAsync(
                """
                namespace Somewhere
                {
                    class MLContext
                    {
                        public MLContext(int? seed = null) { }
                    }

                    class C
                    {
                        MLContext A() => new MLContext();
                        MLContext B() => new(seed: null);
                    }
                }
                """,
                Libraries.TorchSharp | Libraries.MathNet);

        [Fact]
        public Task QuietOnEmptySource() => VerifyAsync(string.Empty);

        [Fact]
        public Task QuietInGeneratedCode()
            => VerifyAsync("""
                // <auto-generated/>
                using Microsoft.ML;

                class C
                {
                    object A() => new MLContext().Regression.Trainers.Sdca();
                }
                """);

        [Fact]
        public Task FlagsInTopLevelStatementsLambdasAndLocalFunctions()
        {
            var test = new AnalyzerTest<UnseededMLContextAnalyzer>(Libraries.MicrosoftML)
            {
                TestCode = """
                    using System;
                    using Microsoft.ML;

                    var ml = {|SEED005:new MLContext()|};
                    Func<MLContext> make = () => {|SEED005:new MLContext()|};
                    MLContext Local() => {|SEED005:new()|};
                    Console.WriteLine(ml.GetHashCode() + make().GetHashCode() + Local().GetHashCode());
                    """,
            };
            test.TestState.OutputKind = OutputKind.ConsoleApplication;
            return test.RunAsync();
        }

        [Fact]
        public Task MessageNamesTheExpressionAndTheConfiguredSeed()
        {
            var test = new AnalyzerTest<UnseededMLContextAnalyzer>(Libraries.MicrosoftML)
            {
                TestCode = """
                    class C
                    {
                        object M(Microsoft.ML.IDataView data) => new Microsoft.ML.MLContext(seed: null) { FallbackToCpu = true }.Data.TrainTestSplit(data);
                    }
                    """,
            };
            test.TestState.AnalyzerConfigFiles.Add(("/.editorconfig", "root = true\n[*.cs]\nseeding.default_seed = 2024\n"));
            test.ExpectedDiagnostics.Add(
                new Microsoft.CodeAnalysis.Testing.DiagnosticResult(Descriptors.UnseededMLContext)
                    .WithSpan(3, 46, 3, 84)
                    .WithSpan(3, 46, 3, 135)
                    .WithArguments(
                        "'new Microsoft.ML.MLContext(seed: null)'",
                        "TrainTestSplit without a seed of its own draws from the context's generator (Test0.cs:3), so results change on every run",
                        "2024"));
            return test.RunAsync();
        }

        [Fact]
        public Task DoesNotThrowOnCodeThatDoesNotCompile()
            => VerifyAsync("""
                using Microsoft.ML;

                class C
                {
                    void M()
                    {
                        var a = {|SEED005:new MLContext()|}{|CS1002:|}
                        var b = new MLContext({|CS1503:"seed"|});
                        var c = new {|CS1729:MLContext|}(1, 2);
                        var d = new MLContext(seed: {|CS0103:missing|});
                        var e = new {|CS0246:MLContex|}();
                        a.Data.ShuffleRows(null!);
                    }
                }
                """);

        [Fact]
        public Task QuietInAScoringOnlyApp()
        {
            var test = new AnalyzerTest<UnseededMLContextAnalyzer>(Libraries.MicrosoftML)
            {
                TestCode = """
                    using System;
                    using Microsoft.ML;
                    using Microsoft.ML.Data;

                    var ml = new MLContext();
                    var scorer = new Scorer(ml);
                    Console.WriteLine(scorer.Predict(new Input { Size = 2 }).Score);
                    Console.WriteLine(Metrics(ml, "test.csv"));

                    static double Metrics(MLContext context, string path)
                    {
                        var model = context.Model.Load("model.zip", out _);
                        var data = context.Data.LoadFromTextFile<Input>(path, hasHeader: true);
                        var scored = model.Transform(data);
                        return context?.Regression.Evaluate(scored).RSquared ?? 0;
                    }

                    public sealed class Scorer
                    {
                        private readonly MLContext _ml;
                        private readonly PredictionEngine<Input, Output> _engine;

                        public Scorer(MLContext ml)
                        {
                            _ml = ml;
                            var model = _ml.Model.Load("model.zip", out var schema);
                            _engine = _ml.Model.CreatePredictionEngine<Input, Output>(model, schema);
                            _ml.Log += (_, e) => Console.WriteLine(e.Message);
                            if (_ml is null || _ml == null)
                            {
                                throw new ArgumentNullException(nameof(ml));
                            }
                        }

                        public Output Predict(Input input) => _engine.Predict(input);
                    }

                    public sealed class Input
                    {
                        [LoadColumn(0)] public float Size { get; set; }
                    }

                    public sealed class Output
                    {
                        public float Score { get; set; }
                    }
                    """,
            };
            test.TestState.OutputKind = OutputKind.ConsoleApplication;
            return test.RunAsync();
        }

        [Fact]
        public Task QuietWhenSplitsAndShufflesHaveTheirOwnSeed()
            => VerifyAsync("""
                using Microsoft.ML;

                class C
                {
                    object M(IDataView data)
                    {
                        var ml = new MLContext();
                        var split = ml.Data.TrainTestSplit(data, testFraction: 0.2, seed: 1);
                        var shuffled = ml.Data.ShuffleRows(split.TrainSet, seed: 2);
                        return ml.Transforms.Concatenate("Features", "A", "B").Fit(shuffled).Transform(split.TestSet);
                    }
                }
                """);

        [Fact]
        public Task FlagsSplitsShufflesCrossValidationAndTrainers()
            => VerifyAsync("""
                using Microsoft.ML;

                class C
                {
                    void M(IDataView data, IEstimator<ITransformer> estimator)
                    {
                        var split = {|SEED005:new MLContext()|}.Data.TrainTestSplit(data, testFraction: 0.2);
                        var folds = {|SEED005:new MLContext()|}.Data.CrossValidationSplit(data);
                        var cv = {|SEED005:new MLContext()|}.Regression.CrossValidate(data, estimator);
                        var boot = {|SEED005:new MLContext()|}.Data.BootstrapSample(data);
                        var lda = {|SEED005:new MLContext()|}.Transforms.Text.LatentDirichletAllocation("Topics", "Tokens");
                        var pca = {|SEED005:new MLContext()|}.AnomalyDetection.Trainers.RandomizedPca();
                        var fastTree = {|SEED005:new MLContext()|}.BinaryClassification.Trainers.FastTree();
                        var kmeans = {|SEED005:new MLContext()|}.Clustering.Trainers.KMeans(numberOfClusters: 3);
                    }
                }
                """);

        [Fact]
        public Task FlagsATrainerReachedThroughFieldsParametersPropertiesAndCalls()
            => VerifyAsync("""
                using Microsoft.ML;

                class Program
                {
                    void Main()
                    {
                        var ml = {|SEED005:new MLContext()|};
                        var workbench = new Workbench(ml);
                        workbench.Train();
                    }
                }

                class Workbench
                {
                    private readonly MLContext _ml;

                    public Workbench(MLContext ml) => _ml = ml;

                    private MLContext Context => _ml;

                    public void Train() => Trainers(Catalog()).SdcaLogisticRegression();

                    private BinaryClassificationCatalog Catalog() => Context.BinaryClassification;

                    private static BinaryClassificationCatalog.BinaryClassificationTrainers Trainers(BinaryClassificationCatalog catalog)
                    {
                        var trainers = catalog.Trainers;
                        return trainers;
                    }
                }
                """);

        [Fact]
        public Task FollowsLocalFunctionsConditionalsAndSettersOfTheirOwn()
            => VerifyAsync("""
                using Microsoft.ML;

                class C
                {
                    private MLContext _backing;

                    private MLContext Context
                    {
                        get => _backing;
                        set => _backing = value;
                    }

                    void M(bool fast, MLContext other)
                    {
                        var ml = {|SEED005:new MLContext()|};
                        Context = fast ? ml : other;
                        Train();

                        var local = Make();
                        local.Data.ShuffleRows(null!);
                        MLContext Make() => {|SEED005:new MLContext()|};

                        var quiet = Load();
                        quiet.Model.Load("model.zip", out _);
                        MLContext Load() => new MLContext();
                    }

                    void Train() => _backing.Regression.Trainers.Sdca();
                }
                """);

        [Fact]
        public Task FollowsPrimaryConstructorParameters()
            => VerifyAsync("""
                using Microsoft.ML;

                sealed class Trainer(MLContext ml)
                {
                    public object Train() => ml.Regression.Trainers.Sdca();
                }

                sealed class Scorer(MLContext ml)
                {
                    public object Load() => ml.Model.Load("model.zip", out _);
                }

                class Program
                {
                    void M()
                    {
                        new Trainer({|SEED005:new MLContext()|}).Train();
                        new Scorer(new MLContext()).Load();
                    }
                }
                """);

        [Fact]
        public Task FlagsAContextThatEscapesToCodeTheAnalyzerCannotSee()
            => VerifyAsync("""
                using System;
                using System.Collections.Generic;
                using Microsoft.ML;

                class C
                {
                    void M(Action<MLContext> callback, List<MLContext> contexts)
                    {
                        Console.WriteLine({|SEED005:new MLContext()|});
                        contexts.Add({|SEED005:new MLContext()|});
                        callback({|SEED005:new MLContext()|});
                        var array = new[] { {|SEED005:new MLContext()|} };
                        var tuple = ({|SEED005:new MLContext()|}, 1);
                        object boxed = {|SEED005:new MLContext()|};
                        Func<MLContext> make = () => {|SEED005:new MLContext()|};
                        Console.WriteLine(array.Length + tuple.Item2 + boxed.GetHashCode() + make().GetHashCode());
                    }
                }
                """);

        [Fact]
        public Task InterfacesAndOverridesAreFollowedToTheirImplementations()
            => VerifyAsync("""
                using Microsoft.ML;

                interface ITrainer
                {
                    void Train(MLContext ml);
                }

                interface IScorer
                {
                    void Score(MLContext ml);
                }

                interface IPlugin
                {
                    void Run(MLContext ml);
                }

                abstract class Step
                {
                    public abstract void Run(MLContext ml);
                }

                sealed class Sdca : ITrainer
                {
                    public void Train(MLContext ml) => ml.Regression.Trainers.Sdca();
                }

                sealed class Scorer : IScorer
                {
                    void IScorer.Score(MLContext ml) => ml.Model.Load("model.zip", out _);
                }

                sealed class Shuffle : Step
                {
                    public override void Run(MLContext ml) => ml.Data.ShuffleRows(null!);
                }

                class Program
                {
                    void M(ITrainer trainer, IScorer scorer, IPlugin plugin, Step step)
                    {
                        trainer.Train({|SEED005:new MLContext()|});
                        scorer.Score(new MLContext());
                        plugin.Run({|SEED005:new MLContext()|}); // no implementation in this project
                        step.Run({|SEED005:new MLContext()|});
                    }
                }
                """);

        [Fact]
        public Task FlagsAContextOtherAssembliesCanReachFromALibrary()
            => VerifyAsync("""
                using Microsoft.ML;

                public class Models
                {
                    public static MLContext Shared { get; } = {|SEED005:new MLContext()|};
                    public MLContext Create() => {|SEED005:new MLContext()|};
                    internal MLContext Internal() => new MLContext();
                    private readonly MLContext _private = new MLContext();
                }
                """);

        [Fact]
        public Task NamesTheDrawAndPointsAtItAsAnAdditionalLocation()
            => VerifyOneAsync(
                """
                using Microsoft.ML;

                class C
                {
                    private readonly MLContext _ml = new MLContext();

                    object Train() => _ml.Regression.Trainers.Sdca();
                }
                """,
                new DiagnosticResult(Descriptors.UnseededMLContext).WithSpan(5, 38, 5, 53).WithSpan(7, 23, 7, 53),
                "the trainer SdcaRegressionTrainer draws from the context's generator (Test0.cs:7), so results change on every run");

        [Fact]
        public Task NamesTheEscapeWhenNothingDraws()
            => VerifyOneAsync(
                """
                using Microsoft.ML;

                class C
                {
                    void M(System.Collections.Generic.List<MLContext> all) => all.Add(new MLContext());
                }
                """,
                new DiagnosticResult(Descriptors.UnseededMLContext).WithSpan(5, 71, 5, 86).WithSpan(5, 63, 5, 87),
                "it is passed to 'all.Add(new MLContext())' (Test0.cs:5), where the analyzer cannot see whether the context's generator is used");

        [Fact]
        public Task QuietWhileTheArgumentsAreBeingTyped()
            => VerifyAsync("""
                using Microsoft.ML;

                class C
                {
                    void M()
                    {
                        var b = new MLContext({|CS1026:|}{|CS1002:|}
                    }
                }
                """);
    }
}
