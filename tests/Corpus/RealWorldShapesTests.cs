using System.Threading.Tasks;
using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.Testing;
using Seeding.Analyzers.Tests.Infrastructure;
using Xunit;

namespace Seeding.Analyzers.Tests.Corpus
{
    /// <summary>
    /// A regression corpus of the shapes real TorchSharp and ML.NET projects take (written for
    /// these tests, not taken from any project): each program is compiled once against the real
    /// reference assemblies, every SEED rule runs on it, and the expected diagnostics are the
    /// whole set — id, span and additional locations — nothing more, nothing less.
    /// </summary>
    public sealed class RealWorldShapesTests
    {
        // ---- TorchSharp: a model library of three modules, composed ----

        /// <summary>The first module the regressor builds; its first field draws first. #2 marks that draw.</summary>
        private const string EncoderFile = """
            using TorchSharp;
            using TorchSharp.Modules;
            using static TorchSharp.torch;

            namespace Forecast.Models
            {
                /// <summary>Two hidden layers over the feature vector.</summary>
                public sealed class Encoder : nn.Module<Tensor, Tensor>
                {
                    private readonly Linear _input = {|#2:nn.Linear(12, 64)|};
                    private readonly Linear _hidden = nn.Linear(64, 32);
                    private readonly Dropout _dropout = nn.Dropout(0.2);

                    public Encoder()
                        : base(nameof(Encoder))
                    {
                        RegisterComponents();
                    }

                    public override Tensor forward(Tensor input)
                    {
                        using var first = nn.functional.relu(_input.forward(input));
                        return nn.functional.relu(_hidden.forward(_dropout.forward(first)));
                    }
                }
            }
            """;

        private const string RegressorFile = """
            using TorchSharp;
            using TorchSharp.Modules;
            using static TorchSharp.torch;

            namespace Forecast.Models
            {
                /// <summary>The encoder and a linear head.</summary>
                public sealed class Regressor : nn.Module<Tensor, Tensor>
                {
                    private readonly Encoder _encoder = new Encoder();
                    private readonly Linear _head = nn.Linear(32, 1);

                    public Regressor()
                        : base(nameof(Regressor))
                    {
                        RegisterComponents();
                    }

                    public override Tensor forward(Tensor input) => _head.forward(_encoder.forward(input));
                }
            }
            """;

        private const string EmbeddingModelFile = """
            using TorchSharp;
            using TorchSharp.Modules;
            using static TorchSharp.torch;

            namespace Forecast.Models
            {
                /// <summary>A second model of the library, built in its constructor.</summary>
                public sealed class StoreEmbedding : nn.Module<Tensor, Tensor>
                {
                    private readonly Embedding _stores;
                    private readonly Linear _project;

                    public StoreEmbedding(long storeCount)
                        : base(nameof(StoreEmbedding))
                    {
                        _stores = nn.Embedding(storeCount, 16);
                        _project = nn.Linear(16, 12);
                        RegisterComponents();
                    }

                    public override Tensor forward(Tensor storeIds) => _project.forward(_stores.forward(storeIds));
                }
            }
            """;

        /// <summary>The training loop every console program of the TorchSharp shapes shares.</summary>
        private const string TrainerFile = """
            using System;
            using TorchSharp;
            using static TorchSharp.torch;

            namespace Forecast
            {
                internal static class Trainer
                {
                    public static void Fit(nn.Module<Tensor, Tensor> model, Tensor features, Tensor targets, int epochs)
                    {
                        var optimizer = optim.Adam(model.parameters(), lr: 1e-3);
                        var loss = nn.MSELoss();
                        model.train();
                        for (var epoch = 0; epoch < epochs; epoch++)
                        {
                            optimizer.zero_grad();
                            using var output = model.forward(features);
                            using var error = loss.forward(output, targets);
                            error.backward();
                            optimizer.step();
                            Console.WriteLine($"epoch {epoch}: {error.item<float>():F4}");
                        }
                    }
                }
            }
            """;

        /// <summary>Shape 1: Main builds the models and trains; nothing seeds. #0 is the first place in Main that draws.</summary>
        private const string UnseededProgramFile = """
            using System;
            using Forecast.Models;
            using static TorchSharp.torch;

            namespace Forecast
            {
                internal static class Program
                {
                    private static void Main(string[] args)
                    {
                        var epochs = args.Length > 0 ? int.Parse(args[0]) : 10;
                        Console.WriteLine("building the models");
                        var model = {|#0:new Regressor()|};
                        var stores = new StoreEmbedding(40);
                        var features = stores.forward(arange(256) % 40);
                        var targets = randn(256, 1);
                        Trainer.Fit(model, features.detach(), targets, epochs);
                        model.save("regressor.bin");
                    }
                }
            }
            """;

        /// <summary>Shape 2: the seed comes, but after the models are built. #0 is the seed, #1 the first place before it that draws.</summary>
        private const string LateSeedProgramFile = """
            using System;
            using Forecast.Models;
            using TorchSharp;
            using static TorchSharp.torch;

            namespace Forecast
            {
                internal static class Program
                {
                    private static void Main(string[] args)
                    {
                        var epochs = args.Length > 0 ? int.Parse(args[0]) : 10;
                        var model = {|#1:new Regressor()|};
                        var stores = new StoreEmbedding(40);
                        {|#0:torch.manual_seed(42)|};
                        var features = stores.forward(arange(256) % 40);
                        var targets = randn(256, 1);
                        Trainer.Fit(model, features.detach(), targets, epochs);
                        model.save("regressor.bin");
                    }
                }
            }
            """;

        /// <summary>Shape 3: seed first (CPU and CUDA), the device chosen at run time, a loader with its own seed.</summary>
        private const string SeededProgramFile = """
            using System;
            using System.Collections.Generic;
            using Forecast.Models;
            using TorchSharp;
            using static TorchSharp.torch;

            namespace Forecast
            {
                internal static class Program
                {
                    private const int Seed = 2024;

                    private static void Main()
                    {
                        torch.manual_seed(Seed);
                        torch.cuda.manual_seed_all(Seed);
                        var device = torch.cuda.is_available() ? torch.CUDA : torch.CPU;

                        var model = new Regressor().to(device);
                        var data = new SalesData(randn(1024, 12), randn(1024, 1));
                        using var loader = torch.utils.data.DataLoader(data, 64, shuffle: true, device: device, seed: Seed);
                        var optimizer = optim.SGD(model.parameters(), 0.01);
                        var loss = nn.MSELoss();
                        for (var epoch = 0; epoch < 5; epoch++)
                        {
                            foreach (var batch in loader)
                            {
                                optimizer.zero_grad();
                                using var error = loss.forward(model.forward(batch["features"]), batch["target"]);
                                error.backward();
                                optimizer.step();
                            }

                            Console.WriteLine($"epoch {epoch} done");
                        }
                    }
                }

                internal sealed class SalesData : torch.utils.data.Dataset
                {
                    private readonly Tensor _features;
                    private readonly Tensor _targets;

                    public SalesData(Tensor features, Tensor targets)
                    {
                        _features = features;
                        _targets = targets;
                    }

                    public override long Count => _features.shape[0];

                    public override Dictionary<string, Tensor> GetTensor(long index)
                        => new() { ["features"] = _features[index], ["target"] = _targets[index] };
                }
            }
            """;

        /// <summary>Shape 9: the models as a library of their own, with a factory and no entry point.</summary>
        private const string ModelFactoryFile = """
            using TorchSharp;
            using static TorchSharp.torch;

            namespace Forecast.Models
            {
                public static class ModelFactory
                {
                    public static Regressor CreateRegressor() => new Regressor();

                    public static StoreEmbedding CreateEmbedding(long stores) => new StoreEmbedding(stores);

                    public static Tensor Noise(long count) => randn(count, 12) * 0.01;
                }
            }
            """;

        [Fact]
        public Task ConsoleAppWithAModelLibraryAndNoSeedGetsOneSeed003InMain()
            => AllRulesTest.RunAsync(
                Libraries.TorchSharp,
                OutputKind.ConsoleApplication,
                new[] { ("/Program.cs", UnseededProgramFile), ("/Models/Encoder.cs", EncoderFile), ("/Models/Regressor.cs", RegressorFile), ("/Models/StoreEmbedding.cs", EmbeddingModelFile), ("/Trainer.cs", TrainerFile) },
                Expect(DiagnosticIds.MissingTorchSeed, 0, 2));

        [Fact]
        public Task ConsoleAppThatSeedsAfterBuildingTheModelGetsSeed002Only()
            => AllRulesTest.RunAsync(
                Libraries.TorchSharp,
                OutputKind.ConsoleApplication,
                new[] { ("/Program.cs", LateSeedProgramFile), ("/Models/Encoder.cs", EncoderFile), ("/Models/Regressor.cs", RegressorFile), ("/Models/StoreEmbedding.cs", EmbeddingModelFile), ("/Trainer.cs", TrainerFile) },
                Expect(DiagnosticIds.SeedAfterDraw, 0, 1));

        [Fact]
        public Task CorrectlySeededTrainingProgramGetsNothing()
            => AllRulesTest.RunAsync(
                Libraries.TorchSharp,
                OutputKind.ConsoleApplication,
                new[] { ("/Program.cs", SeededProgramFile), ("/Models/Encoder.cs", EncoderFile), ("/Models/Regressor.cs", RegressorFile) });

        [Fact]
        public Task ModelLibraryWithoutEntryPointGetsNothing()
            => AllRulesTest.RunAsync(
                Libraries.TorchSharp,
                OutputKind.DynamicallyLinkedLibrary,
                new[] { ("/ModelFactory.cs", ModelFactoryFile), ("/Models/Encoder.cs", EncoderFile), ("/Models/Regressor.cs", RegressorFile), ("/Models/StoreEmbedding.cs", EmbeddingModelFile) });

        // ---- ML.NET: the data classes every shape shares ----

        private const string TransactionFile = """
            using Microsoft.ML.Data;

            namespace Fraud
            {
                public sealed class Transaction
                {
                    [LoadColumn(0)]
                    public float Amount { get; set; }

                    [LoadColumn(1)]
                    public float Hour { get; set; }

                    [LoadColumn(2)]
                    [ColumnName("Label")]
                    public bool IsFraud { get; set; }
                }

                public sealed class FraudPrediction
                {
                    [ColumnName("PredictedLabel")]
                    public bool IsFraud { get; set; }

                    public float Probability { get; set; }
                }
            }
            """;

        /// <summary>Shape 4: the composition root creates the context and hands it to the services. #0 is the context.</summary>
        private const string CompositionRootFile = """
            namespace Fraud
            {
                internal static class Program
                {
                    private static void Main(string[] args)
                    {
                        var context = {|#0:new Microsoft.ML.MLContext()|};
                        var factory = new TrainerFactory(context);
                        var service = new FraudTrainingService(context, factory);
                        service.Train(args[0], "fraud.zip");
                    }
                }
            }
            """;

        /// <summary>Builds the trainer from the context it was given. #1 is the first trainer.</summary>
        private const string TrainerFactoryFile = """
            using Microsoft.ML;

            namespace Fraud
            {
                public enum TrainerKind
                {
                    Linear,
                    Trees,
                }

                public sealed class TrainerFactory
                {
                    private readonly MLContext _context;

                    public TrainerFactory(MLContext context)
                    {
                        _context = context;
                    }

                    public IEstimator<ITransformer> Create(TrainerKind kind) => kind switch
                    {
                        TrainerKind.Linear => {|#1:_context.BinaryClassification.Trainers.SdcaLogisticRegression()|},
                        _ => _context.BinaryClassification.Trainers.FastTree(numberOfLeaves: 20),
                    };
                }
            }
            """;

        private const string TrainingServiceFile = """
            using Microsoft.ML;

            namespace Fraud
            {
                public sealed class FraudTrainingService
                {
                    private readonly MLContext _context;
                    private readonly TrainerFactory _factory;

                    public FraudTrainingService(MLContext context, TrainerFactory factory)
                    {
                        _context = context;
                        _factory = factory;
                    }

                    public void Train(string dataPath, string modelPath)
                    {
                        var data = _context.Data.LoadFromTextFile<Transaction>(dataPath, separatorChar: ',', hasHeader: true);
                        var pipeline = _context.Transforms.Concatenate("Features", nameof(Transaction.Amount), nameof(Transaction.Hour))
                            .Append(_factory.Create(TrainerKind.Linear));
                        var model = pipeline.Fit(data);
                        _context.Model.Save(model, data.Schema, modelPath);
                    }
                }
            }
            """;

        /// <summary>Shape 4, the other way round: a service owns its context in a field and has a factory method. #0 is the context, #1 the trainer.</summary>
        private const string SelfContainedServiceFile = """
            using Microsoft.ML;
            using Microsoft.ML.Trainers.FastTree;

            namespace Fraud
            {
                public sealed class RetrainingJob
                {
                    private readonly MLContext _ml = {|#0:new()|};

                    public ITransformer Run(IDataView history)
                    {
                        var pipeline = _ml.Transforms.Concatenate("Features", nameof(Transaction.Amount), nameof(Transaction.Hour))
                            .Append(CreateTrainer());
                        return pipeline.Fit(history);
                    }

                    private FastTreeBinaryTrainer CreateTrainer()
                        => {|#1:_ml.BinaryClassification.Trainers.FastTree(numberOfTrees: 200)|};
                }
            }
            """;

        /// <summary>Shape 5: a prediction service that loads a trained model and scores, in a web-style front end.</summary>
        private const string ScoringServiceFile = """
            using System.Collections.Generic;
            using System.Linq;
            using Microsoft.ML;

            namespace Fraud
            {
                public sealed class FraudScorer
                {
                    private readonly MLContext _ml = new MLContext();
                    private readonly ITransformer _model;
                    private readonly PredictionEngine<Transaction, FraudPrediction> _engine;

                    public FraudScorer(string modelPath)
                    {
                        _model = _ml.Model.Load(modelPath, out _);
                        _engine = _ml.Model.CreatePredictionEngine<Transaction, FraudPrediction>(_model);
                    }

                    public FraudPrediction Score(Transaction transaction) => _engine.Predict(transaction);

                    public List<FraudPrediction> ScoreFile(string path)
                    {
                        var data = _ml.Data.LoadFromTextFile<Transaction>(path, separatorChar: ',', hasHeader: true);
                        var scored = _model.Transform(data);
                        return _ml.Data.CreateEnumerable<FraudPrediction>(scored, reuseRowObject: false).ToList();
                    }
                }
            }
            """;

        private const string ScoringProgramFile = """
            using System;

            namespace Fraud
            {
                internal static class Program
                {
                    private static void Main(string[] args)
                    {
                        var scorer = new FraudScorer("fraud.zip");
                        var single = scorer.Score(new Transaction { Amount = 912.5f, Hour = 3 });
                        Console.WriteLine($"{single.IsFraud} {single.Probability:P1}");
                        foreach (var prediction in scorer.ScoreFile(args[0]))
                        {
                            Console.WriteLine(prediction.Probability);
                        }
                    }
                }
            }
            """;

        /// <summary>Shape 6: model selection by a held-out split, then cross-validation of the winner, on an unseeded context. #0 is the context, #1 the first use of its generator.</summary>
        private const string ModelSelectionFile = """
            using System;
            using System.Collections.Generic;
            using Microsoft.ML;

            namespace Fraud
            {
                internal static class Program
                {
                    private static void Main(string[] args)
                    {
                        var ml = {|#0:new MLContext()|};
                        var data = ml.Data.LoadFromTextFile<Transaction>(args[0], separatorChar: ',', hasHeader: true);
                        var split = {|#1:ml.Data.TrainTestSplit(data, testFraction: 0.2)|};
                        var features = ml.Transforms.Concatenate("Features", nameof(Transaction.Amount), nameof(Transaction.Hour));

                        var candidates = new List<(string Name, IEstimator<ITransformer> Trainer)>
                        {
                            ("sdca", ml.BinaryClassification.Trainers.SdcaLogisticRegression()),
                            ("lbfgs", ml.BinaryClassification.Trainers.LbfgsLogisticRegression()),
                            ("trees", ml.BinaryClassification.Trainers.FastTree()),
                        };

                        var best = candidates[0];
                        var bestAuc = 0.0;
                        foreach (var candidate in candidates)
                        {
                            var model = features.Append(candidate.Trainer).Fit(split.TrainSet);
                            var metrics = ml.BinaryClassification.EvaluateNonCalibrated(model.Transform(split.TestSet));
                            if (metrics.AreaUnderRocCurve > bestAuc)
                            {
                                (best, bestAuc) = (candidate, metrics.AreaUnderRocCurve);
                            }
                        }

                        var folds = ml.BinaryClassification.CrossValidateNonCalibrated(data, features.Append(best.Trainer), numberOfFolds: 5);
                        foreach (var fold in folds)
                        {
                            Console.WriteLine($"{best.Name} fold {fold.Fold}: {fold.Metrics.AreaUnderRocCurve:F3}");
                        }
                    }
                }
            }
            """;

        [Fact]
        public Task TrainersBuiltByAFactoryFromAnInjectedContextGetSeed005AtTheContext()
            => AllRulesTest.RunAsync(
                Libraries.MicrosoftML,
                OutputKind.ConsoleApplication,
                new[] { ("/Program.cs", CompositionRootFile), ("/TrainerFactory.cs", TrainerFactoryFile), ("/FraudTrainingService.cs", TrainingServiceFile), ("/Transaction.cs", TransactionFile) },
                Expect(DiagnosticIds.UnseededMLContext, 0, 1));

        [Fact]
        public Task ServiceOwningItsContextWithATrainerFactoryMethodGetsSeed005AtTheField()
            => AllRulesTest.RunAsync(
                Libraries.MicrosoftML,
                OutputKind.DynamicallyLinkedLibrary,
                new[] { ("/RetrainingJob.cs", SelfContainedServiceFile), ("/Transaction.cs", TransactionFile) },
                Expect(DiagnosticIds.UnseededMLContext, 0, 1));

        [Fact]
        public Task ScoringOnlyAppGetsNothing()
            => AllRulesTest.RunAsync(
                Libraries.MicrosoftML,
                OutputKind.ConsoleApplication,
                new[] { ("/Program.cs", ScoringProgramFile), ("/FraudScorer.cs", ScoringServiceFile), ("/Transaction.cs", TransactionFile) });

        [Fact]
        public Task ModelSelectionAndCrossValidationOnAnUnseededContextGetOneSeed005()
            => AllRulesTest.RunAsync(
                Libraries.MicrosoftML,
                OutputKind.ConsoleApplication,
                new[] { ("/Program.cs", ModelSelectionFile), ("/Transaction.cs", TransactionFile) },
                Expect(DiagnosticIds.UnseededMLContext, 0, 1));

        /// <summary>A diagnostic of <paramref name="id"/> at markup location <paramref name="location"/>, with the others as its additional locations.</summary>
        private static DiagnosticResult Expect(string id, int location, params int[] additionalLocations)
        {
            var result = new DiagnosticResult(id, DiagnosticSeverity.Warning).WithLocation(location);
            foreach (var additional in additionalLocations)
            {
                result = result.WithLocation(additional);
            }

            return result;
        }
    }
}
