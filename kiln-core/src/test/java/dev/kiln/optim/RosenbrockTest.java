package dev.kiln.optim;

import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.kiln.optim.lr.CosineAnnealingLR;
import dev.kiln.tensor.Tensor;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

/**
 * Every optimiser minimises the Rosenbrock function from (−1.2, 1) and reaches the minimum (1, 1)
 * within a distance suited to it (the fixed-length steps of LARS/LAMB, and RMSprop's
 * oscillation, need a decaying lr, given by a cosine schedule).
 */
class RosenbrockTest {
    private static void check(String name, Function<List<Tensor>, Optimizer<?>> make, int steps, double tolerance) {
        Tensor xy = Rosenbrock.start();
        double d = Rosenbrock.minimise(make.apply(List.of(xy)), xy, steps);
        assertTrue(d < tolerance,
                name + ": distance to (1, 1) after " + steps + " steps is " + d + ", expected < " + tolerance);
    }

    private static void checkCosine(String name, Function<List<Tensor>, Optimizer<?>> make, int steps, double tolerance) {
        Tensor xy = Rosenbrock.start();
        Optimizer<?> opt = make.apply(List.of(xy));
        var sched = new CosineAnnealingLR(opt, steps, 0);
        for (int i = 0; i < steps; i++) {
            opt.zeroGrad(true);
            Rosenbrock.f(xy).backward();
            opt.step();
            sched.step();
        }
        double d = Rosenbrock.distance(xy);
        assertTrue(d < tolerance,
                name + ": distance to (1, 1) after " + steps + " steps is " + d + ", expected < " + tolerance);
    }

    @Test
    void sgdWithMomentum() {
        check("SGD momentum", p -> new SGD(p, SGD.Options.of(1e-3).withMomentum(0.9)), 5000, 1e-6);
    }

    @Test
    void sgdNesterov() {
        check("SGD Nesterov", p -> new SGD(p, SGD.Options.of(1e-3).withMomentum(0.9).withNesterov(true)), 5000, 1e-6);
    }

    @Test
    void asgd() {
        check("ASGD", p -> new ASGD(p, ASGD.Options.of(2e-3)), 20000, 1e-3);
    }

    @Test
    void adam() {
        check("Adam", p -> new Adam(p, Adam.Options.of(0.05)), 5000, 1e-6);
    }

    @Test
    void adamFloat32() {
        Tensor xy = Tensor.of(-1.2f, 1f).requiresGrad(true);
        double d = Rosenbrock.minimise(new Adam(List.of(xy), Adam.Options.of(0.05)), xy, 5000);
        assertTrue(d < 1e-3, "Adam float32: distance " + d);
    }

    @Test
    void adamW() {
        check("AdamW", p -> new AdamW(p, Adam.Options.of(0.05)), 5000, 1e-6);
    }

    @Test
    void amsgrad() {
        check("AMSGrad", p -> new Adam(p, Adam.Options.of(0.1).withAmsgrad(true)), 5000, 1e-6);
    }

    @Test
    void nadam() {
        check("NAdam", p -> new NAdam(p, NAdam.Options.of(0.01)), 20000, 5e-3);
    }

    @Test
    void radam() {
        check("RAdam", p -> new RAdam(p, RAdam.Options.of(2e-3)), 10000, 5e-3);
    }

    @Test
    void adamax() {
        check("Adamax", p -> new Adamax(p, Adamax.Options.of(0.05)), 20000, 5e-3);
    }

    @Test
    void adagrad() {
        check("Adagrad", p -> new Adagrad(p, Adagrad.Options.of(1.0)), 20000, 1e-4);
    }

    @Test
    void adadelta() {
        // Adadelta crawls along the curved valley: a long run and a loose tolerance
        check("Adadelta", p -> new Adadelta(p, Adadelta.Options.of(0.1).withRho(0.999)), 50000, 5e-2);
    }

    @Test
    void rmsprop() {
        checkCosine("RMSprop", p -> new RMSprop(p, RMSprop.Options.of(1e-3).withMomentum(0.9)), 5000, 1e-6);
        checkCosine("RMSprop centered", p -> new RMSprop(p, RMSprop.Options.of(1e-3).withMomentum(0.9).withCentered(true)),
                5000, 1e-6);
    }

    @Test
    void rprop() {
        check("Rprop", p -> new Rprop(p, Rprop.Options.of(0.01)), 5000, 5e-3);
    }

    @Test
    void lars() {
        checkCosine("LARS", p -> new LARS(p, LARS.Options.of(0.1).withWeightDecay(0).withTrustCoefficient(0.01)), 5000, 1e-5);
    }

    @Test
    void lamb() {
        checkCosine("LAMB", p -> new LAMB(p, LAMB.defaults(0.01).withWeightDecay(0)), 5000, 1e-5);
    }

    @Test
    void lbfgsWithStrongWolfeInAFewDozenIterations() {
        Tensor xy = Rosenbrock.start();
        var opt = new LBFGS(List.of(xy), LBFGS.Options.of(1).withMaxIter(50).withStrongWolfe(true));
        opt.step(() -> {
            opt.zeroGrad();
            Tensor loss = Rosenbrock.f(xy);
            loss.backward();
            return loss.item();
        });
        double iterations = opt.state(xy).scalar("n_iter", 0);
        assertTrue(Rosenbrock.distance(xy) < 1e-4, "LBFGS: distance " + Rosenbrock.distance(xy));
        assertTrue(iterations <= 50, "LBFGS took " + iterations + " iterations");
    }

    @Test
    void lbfgsWithoutLineSearchOverSeveralSteps() {
        Tensor xy = Rosenbrock.start();
        var opt = new LBFGS(List.of(xy), LBFGS.Options.of(0.5).withMaxIter(20));
        for (int i = 0; i < 20; i++) {
            opt.step(() -> {
                opt.zeroGrad();
                Tensor loss = Rosenbrock.f(xy);
                loss.backward();
                return loss.item();
            });
        }
        assertTrue(Rosenbrock.distance(xy) < 1e-3, "LBFGS without line search: distance " + Rosenbrock.distance(xy));
    }
}
