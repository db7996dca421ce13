# Quoted from https://github.com/keras-team/keras-io/blob/855e37d4f5562751e6694cdadf93b2b7a72c935f/guides/keras_core/functional_api.py
# (Apache License 2.0): the code blocks of the sections named below, in order.

# %% [Setup]
import numpy as np
import keras
from keras import layers
from keras import ops

# %% [Introduction, block 1]
inputs = keras.Input(shape=(784,))

# %% [Introduction, block 2]
# Just for demonstration purposes.
img_inputs = keras.Input(shape=(32, 32, 3))

# %% [Introduction, block 3]
inputs.shape

# %% [Introduction, block 4]
inputs.dtype

# %% [Introduction, block 5]
dense = layers.Dense(64, activation="relu")
x = dense(inputs)

# %% [Introduction, block 6]
x = layers.Dense(64, activation="relu")(x)
outputs = layers.Dense(10)(x)

# %% [Introduction, block 7]
model = keras.Model(inputs=inputs, outputs=outputs, name="mnist_model")

# %% [Introduction, block 8]
model.summary()

# %% [Training, evaluation, and inference]
(x_train, y_train), (x_test, y_test) = keras.datasets.mnist.load_data()

x_train = x_train.reshape(60000, 784).astype("float32") / 255
x_test = x_test.reshape(10000, 784).astype("float32") / 255

model.compile(
    loss=keras.losses.SparseCategoricalCrossentropy(from_logits=True),
    optimizer=keras.optimizers.RMSprop(),
    metrics=["accuracy"],
)

history = model.fit(x_train, y_train, batch_size=64, epochs=2, validation_split=0.2)

test_scores = model.evaluate(x_test, y_test, verbose=2)
print("Test loss:", test_scores[0])
print("Test accuracy:", test_scores[1])

# %% [Save and serialize]
model.save("my_model.keras")
del model
# Recreate the exact same model purely from the file:
model = keras.models.load_model("my_model.keras")

# %% [All models are callable, just like layers, block 2]
def get_model():
    inputs = keras.Input(shape=(128,))
    outputs = layers.Dense(1)(inputs)
    return keras.Model(inputs, outputs)


model1 = get_model()
model2 = get_model()
model3 = get_model()

inputs = keras.Input(shape=(128,))
y1 = model1(inputs)
y2 = model2(inputs)
y3 = model3(inputs)
outputs = layers.average([y1, y2, y3])
ensemble_model = keras.Model(inputs=inputs, outputs=outputs)
