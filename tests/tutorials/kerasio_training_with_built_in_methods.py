# Quoted from https://github.com/keras-team/keras-io/blob/855e37d4f5562751e6694cdadf93b2b7a72c935f/guides/keras_core/training_with_built_in_methods.py
# (Apache License 2.0): the code blocks of the sections named below, in order.

# %% [Setup]
# We import torch & TF so as to use torch Dataloaders & tf.data.Datasets.
# import torch: PyTorch is not installed here  # changed: the quoted blocks do not use it (was: import torch)
import _tf as tf  # changed: import (was: import tensorflow as tf)

import os
import numpy as np
import nnlib as keras  # changed: import (was: import keras)
from nnlib import layers  # changed: import (was: from keras import layers)
# nnlib has no ops module, and the quoted blocks do not use it  # changed: import (was: from keras import ops)

# %% [API overview: a first end-to-end example, block 1]
inputs = keras.Input(shape=(784,), name="digits")
x = layers.Dense(64, activation="relu", name="dense_1")(inputs)
x = layers.Dense(64, activation="relu", name="dense_2")(x)
outputs = layers.Dense(10, activation="softmax", name="predictions")(x)

model = keras.Model(inputs=inputs, outputs=outputs)

# %% [API overview: a first end-to-end example, block 2]
from _data import mnist  # changed: data, local arrays (was: the keras.datasets.mnist line below)
(x_train, y_train), (x_test, y_test) = mnist.load_data(num_train=1500)  # changed: data, 1500 + 200 local samples (was: (x_train, y_train), (x_test, y_test) = keras.datasets.mnist.load_data())

# Preprocess the data (these are NumPy arrays)
x_train = x_train.reshape(1500, 784).astype("float32") / 255  # changed: 1500 local samples (was: 60000)
x_test = x_test.reshape(200, 784).astype("float32") / 255  # changed: 200 local samples (was: 10000)

y_train = y_train.astype("float32")
y_test = y_test.astype("float32")

# Reserve 10,000 samples for validation
x_val = x_train[-300:]  # changed: 300 validation samples (was: 10000)
y_val = y_train[-300:]  # changed: 300 validation samples (was: 10000)
x_train = x_train[:-300]  # changed: 300 validation samples (was: 10000)
y_train = y_train[:-300]  # changed: 300 validation samples (was: 10000)

# %% [API overview: a first end-to-end example, block 3]
model.compile(
    optimizer=keras.optimizers.RMSprop(),  # Optimizer
    # Loss function to minimize
    loss=keras.losses.SparseCategoricalCrossentropy(),
    # List of metrics to monitor
    metrics=[keras.metrics.SparseCategoricalAccuracy()],
)

# %% [API overview: a first end-to-end example, block 4]
print("Fit model on training data")
history = model.fit(
    x_train,
    y_train,
    batch_size=64,
    epochs=2,
    # We pass some validation for
    # monitoring validation loss and metrics
    # at the end of each epoch
    validation_data=(x_val, y_val),
)

# %% [API overview: a first end-to-end example, block 5]
history.history

# %% [API overview: a first end-to-end example, block 6]
# Evaluate the model on the test data using `evaluate`
print("Evaluate on test data")
results = model.evaluate(x_test, y_test, batch_size=128)
print("test loss, test acc:", results)

# Generate predictions (probabilities -- the output of the last layer)
# on new data using `predict`
print("Generate predictions for 3 samples")
predictions = model.predict(x_test[:3])
print("predictions shape:", predictions.shape)

# %% [The compile() method: specifying a loss, metrics, and an optimizer, block 1]
model.compile(
    optimizer=keras.optimizers.RMSprop(learning_rate=1e-3),
    loss=keras.losses.SparseCategoricalCrossentropy(),
    metrics=[keras.metrics.SparseCategoricalAccuracy()],
)

# %% [The compile() method: specifying a loss, metrics, and an optimizer, block 2]
model.compile(
    optimizer="rmsprop",
    loss="sparse_categorical_crossentropy",
    metrics=["sparse_categorical_accuracy"],
)

# %% [The compile() method: specifying a loss, metrics, and an optimizer, block 3]
def get_uncompiled_model():
    inputs = keras.Input(shape=(784,), name="digits")
    x = layers.Dense(64, activation="relu", name="dense_1")(inputs)
    x = layers.Dense(64, activation="relu", name="dense_2")(x)
    outputs = layers.Dense(10, activation="softmax", name="predictions")(x)
    model = keras.Model(inputs=inputs, outputs=outputs)
    return model


def get_compiled_model():
    model = get_uncompiled_model()
    model.compile(
        optimizer="rmsprop",
        loss="sparse_categorical_crossentropy",
        metrics=["sparse_categorical_accuracy"],
    )
    return model

# %% [Automatically setting apart a validation holdout set]
model = get_compiled_model()
model.fit(x_train, y_train, batch_size=64, validation_split=0.2, epochs=1)

# %% [Training & evaluation using PyDataset instances, block 1]
class ExamplePyDataset(keras.utils.PyDataset):
    def __init__(self, x, y, batch_size, **kwargs):
        super().__init__(**kwargs)
        self.x = x
        self.y = y
        self.batch_size = batch_size

    def __len__(self):
        return int(np.ceil(len(self.x) / float(self.batch_size)))

    def __getitem__(self, idx):
        batch_x = self.x[idx * self.batch_size : (idx + 1) * self.batch_size]
        batch_y = self.y[idx * self.batch_size : (idx + 1) * self.batch_size]
        return batch_x, batch_y


train_py_dataset = ExamplePyDataset(x_train, y_train, batch_size=32)
val_py_dataset = ExamplePyDataset(x_val, y_val, batch_size=32)

# %% [Training & evaluation using PyDataset instances, block 2]
model = get_compiled_model()
model.fit(train_py_dataset, batch_size=64, validation_data=val_py_dataset, epochs=1)

# %% [Training & evaluation using PyDataset instances, block 3]
model.evaluate(val_py_dataset)

# %% [Training & evaluation using PyDataset instances, block 4]
train_py_dataset = ExamplePyDataset(x_train, y_train, batch_size=32, workers=4)
val_py_dataset = ExamplePyDataset(x_val, y_val, batch_size=32, workers=4)

model = get_compiled_model()
model.fit(train_py_dataset, batch_size=64, validation_data=val_py_dataset, epochs=1)

# %% [Using sample weighting and class weighting: Class weights]
class_weight = {
    0: 1.0,
    1: 1.0,
    2: 1.0,
    3: 1.0,
    4: 1.0,
    # Set weight "2" for class "5",
    # making this class 2x more important
    5: 2.0,
    6: 1.0,
    7: 1.0,
    8: 1.0,
    9: 1.0,
}

print("Fit with class weight")
model = get_compiled_model()
model.fit(x_train, y_train, class_weight=class_weight, batch_size=64, epochs=1)

# %% [Using sample weighting and class weighting: Sample weights, block 1]
sample_weight = np.ones(shape=(len(y_train),))
sample_weight[y_train == 5] = 2.0

print("Fit with sample weight")
model = get_compiled_model()
model.fit(x_train, y_train, sample_weight=sample_weight, batch_size=64, epochs=1)

# %% [Using callbacks, block 1]
model = get_compiled_model()

callbacks = [
    keras.callbacks.EarlyStopping(
        # Stop training when `val_loss` is no longer improving
        monitor="val_loss",
        # "no longer improving" being defined as "no better than 1e-2 less"
        min_delta=1e-2,
        # "no longer improving" being further defined as "for at least 2 epochs"
        patience=2,
        verbose=1,
    )
]
model.fit(
    x_train,
    y_train,
    epochs=20,
    batch_size=64,
    callbacks=callbacks,
    validation_split=0.2,
)

# %% [Using callbacks: Writing your own callback]
class LossHistory(keras.callbacks.Callback):
    def on_train_begin(self, logs):
        self.per_batch_losses = []

    def on_batch_end(self, batch, logs):
        self.per_batch_losses.append(logs.get("loss"))

# %% [Checkpointing models, block 1]
model = get_compiled_model()

callbacks = [
    keras.callbacks.ModelCheckpoint(
        # Path where to save the model
        # The two parameters below mean that we will overwrite
        # the current checkpoint if and only if
        # the `val_loss` score has improved.
        # The saved model name will include the current epoch.
        filepath="mymodel_{epoch}.keras",
        save_best_only=True,  # Only save a model if `val_loss` has improved.
        monitor="val_loss",
        verbose=1,
    )
]
model.fit(
    x_train,
    y_train,
    epochs=2,
    batch_size=64,
    callbacks=callbacks,
    validation_split=0.2,
)

# %% [Checkpointing models, block 2]
# Prepare a directory to store all the checkpoints.
checkpoint_dir = "./ckpt"
if not os.path.exists(checkpoint_dir):
    os.makedirs(checkpoint_dir)


def make_or_restore_model():
    # Either restore the latest model, or create a fresh one
    # if there is no checkpoint available.
    checkpoints = [checkpoint_dir + "/" + name for name in os.listdir(checkpoint_dir)]
    if checkpoints:
        latest_checkpoint = max(checkpoints, key=os.path.getctime)
        print("Restoring from", latest_checkpoint)
        return keras.models.load_model(latest_checkpoint)
    print("Creating a new model")
    return get_compiled_model()


model = make_or_restore_model()
callbacks = [
    # This callback saves the model every 100 batches.
    # We include the training loss in the saved model name.
    keras.callbacks.ModelCheckpoint(
        filepath=checkpoint_dir + "/model-loss={loss:.2f}.keras", save_freq=10  # changed: every 10 batches, as 1,200 samples make 38 (was: save_freq=100, of 1,563)
    )
]
model.fit(x_train, y_train, epochs=1, callbacks=callbacks)

# %% [Using learning rate schedules: Passing a schedule to an optimizer]
initial_learning_rate = 0.1
lr_schedule = keras.optimizers.schedules.ExponentialDecay(
    initial_learning_rate, decay_steps=100000, decay_rate=0.96, staircase=True
)

optimizer = keras.optimizers.RMSprop(learning_rate=lr_schedule)
