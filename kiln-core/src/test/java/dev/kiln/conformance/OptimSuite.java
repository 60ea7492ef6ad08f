package dev.kiln.conformance;

import dev.kiln.optim.ASGD;
import dev.kiln.optim.Adadelta;
import dev.kiln.optim.Adagrad;
import dev.kiln.optim.Adam;
import dev.kiln.optim.AdamW;
import dev.kiln.optim.Adamax;
import dev.kiln.optim.GradClip;
import dev.kiln.optim.NAdam;
import dev.kiln.optim.Optimizer;
import dev.kiln.optim.RAdam;
import dev.kiln.optim.RMSprop;
import dev.kiln.optim.Rprop;
import dev.kiln.optim.SGD;
import dev.kiln.tensor.Tensor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs the optimiser cases of {@code optim.json} (SCHEMA.md §5): trajectories of every optimiser
 * over a few steps, and the two gradient-clipping functions.
 */
public final class OptimSuite implements CaseRunner {
    @Override
    @SuppressWarnings("unchecked")
    public String run(Map<String, Object> c) {
        String op = (String) c.get("op");
        Map<String, Object> attrs = (Map<String, Object>) c.get("attrs");
        Map<String, Object> tol = (Map<String, Object>) c.get("tolerance");
        double rtol = ConformanceTensors.number(tol.get("rtol"));
        double atol = ConformanceTensors.number(tol.get("atol"));
        if (op.startsWith("clip_grad")) {
            return clip(op, attrs, (Map<String, Object>) c.get("inputs"), (Map<String, Object>) c.get("outputs"), rtol, atol);
        }
        Map<String, Tensor> params = new LinkedHashMap<>();
        for (Map.Entry<String, Object> e : ((Map<String, Object>) c.get("params")).entrySet()) {
            params.put(e.getKey(), ConformanceTensors.decode((Map<String, Object>) e.getValue()).requiresGrad(true));
        }
        Optimizer<?> opt = build(op, attrs, new ArrayList<>(params.values()));
        List<Object> steps = (List<Object>) c.get("steps");
        for (int s = 0; s < steps.size(); s++) {
            Map<String, Object> step = (Map<String, Object>) steps.get(s);
            Map<String, Object> grads = (Map<String, Object>) step.get("grads");
            for (Map.Entry<String, Tensor> e : params.entrySet()) {
                e.getValue().setGrad(ConformanceTensors.decode((Map<String, Object>) grads.get(e.getKey())));
            }
            opt.step();
            Map<String, Object> expected = (Map<String, Object>) step.get("params");
            for (Map.Entry<String, Tensor> e : params.entrySet()) {
                String err = ConformanceTensors.compare("step " + (s + 1) + " " + e.getKey(), e.getValue(),
                        (Map<String, Object>) expected.get(e.getKey()), rtol, atol);
                if (err != null) {
                    return err;
                }
            }
        }
        return null;
    }

    /** Builds optimiser {@code op} over one group of {@code params} with the case's attrs. */
    static Optimizer<?> build(String op, Map<String, Object> a, List<Tensor> params) {
        return switch (op) {
            case "sgd" -> new SGD(params,
                    new SGD.Options(d(a, "lr"), d(a, "momentum"), d(a, "dampening"), d(a, "weight_decay"), b(a, "nesterov"),
                    b(a, "maximize")));
            case "adagrad" -> new Adagrad(params,
                    new Adagrad.Options(d(a, "lr"), d(a, "lr_decay"), d(a, "weight_decay"), d(a, "initial_accumulator_value"),
                    d(a, "eps"), b(a, "maximize")));
            case "adadelta" -> new Adadelta(params,
                    new Adadelta.Options(d(a, "lr"), d(a, "rho"), d(a, "eps"), d(a, "weight_decay"), b(a, "maximize")));
            case "rmsprop" -> new RMSprop(params,
                    new RMSprop.Options(d(a, "lr"), d(a, "alpha"), d(a, "eps"), d(a, "weight_decay"), d(a, "momentum"),
                    b(a, "centered"), b(a, "maximize")));
            case "adam" -> new Adam(params, adamOptions(a));
            case "adamw" -> new AdamW(params, adamOptions(a));
            case "nadam" -> new NAdam(params,
                    new NAdam.Options(d(a, "lr"), pair(a, "betas", 0), pair(a, "betas", 1), d(a, "eps"), d(a, "weight_decay"),
                    d(a, "momentum_decay")));
            case "radam" -> new RAdam(params,
                    new RAdam.Options(d(a, "lr"), pair(a, "betas", 0), pair(a, "betas", 1), d(a, "eps"), d(a, "weight_decay")));
            case "adamax" -> new Adamax(params,
                    new Adamax.Options(d(a, "lr"), pair(a, "betas", 0), pair(a, "betas", 1), d(a, "eps"), d(a, "weight_decay"),
                    b(a, "maximize")));
            case "asgd" -> new ASGD(params,
                    new ASGD.Options(d(a, "lr"), d(a, "lambd"), d(a, "alpha"), d(a, "t0"), d(a, "weight_decay"),
                    b(a, "maximize")));
            case "rprop" -> new Rprop(params,
                    new Rprop.Options(d(a, "lr"), pair(a, "etas", 0), pair(a, "etas", 1), pair(a, "step_sizes", 0),
                    pair(a, "step_sizes", 1), b(a, "maximize")));
            default -> throw new UnsupportedOperationException("optimizer " + op);
        };
    }

    private static Adam.Options adamOptions(Map<String, Object> a) {
        return new Adam.Options(d(a, "lr"), pair(a, "betas", 0), pair(a, "betas", 1), d(a, "eps"), d(a, "weight_decay"),
                b(a, "amsgrad"), b(a, "maximize"));
    }

    @SuppressWarnings("unchecked")
    private String clip(String op, Map<String, Object> attrs, Map<String, Object> inputs, Map<String, Object> outputs,
            double rtol, double atol) {
        List<Tensor> params = new ArrayList<>();
        for (Object g : (List<Object>) inputs.get("grads")) {
            Tensor grad = ConformanceTensors.decode((Map<String, Object>) g);
            Tensor p = grad.zerosLike().requiresGrad(true);
            p.setGrad(grad);
            params.add(p);
        }
        if (op.equals("clip_grad_norm_")) {
            double total = GradClip.clipGradNorm(params, d(attrs, "max_norm"),
                    ConformanceTensors.number(attrs.get("norm_type")));
            String err = ConformanceTensors.compare("total_norm", Tensor.scalar(total),
                    (Map<String, Object>) outputs.get("total_norm"), rtol, atol);
            if (err != null) {
                return err;
            }
        } else if (op.equals("clip_grad_value_")) {
            GradClip.clipGradValue(params, d(attrs, "clip_value"));
        } else {
            throw new UnsupportedOperationException(op);
        }
        List<Object> expected = (List<Object>) outputs.get("grads");
        for (int i = 0; i < params.size(); i++) {
            String err = ConformanceTensors.compare("grads[" + i + "]", params.get(i).grad(),
                    (Map<String, Object>) expected.get(i), rtol, atol);
            if (err != null) {
                return err;
            }
        }
        return null;
    }

    static double d(Map<String, Object> a, String key) {
        Object v = a.get(key);
        if (v == null) {
            throw new IllegalArgumentException("missing attr " + key);
        }
        return ConformanceTensors.number(v);
    }

    static boolean b(Map<String, Object> a, String key) {
        return Boolean.TRUE.equals(a.get(key));
    }

    @SuppressWarnings("unchecked")
    static double pair(Map<String, Object> a, String key, int i) {
        return ConformanceTensors.number(((List<Object>) a.get(key)).get(i));
    }
}
