# Quoted from https://github.com/tensorflow/docs/blob/5f8a83a6f288f9278b3137dee82893c423175fb4/site/en/tutorials/keras/classification.ipynb
# (Apache License 2.0, Copyright The TensorFlow Authors; the notebook also carries an MIT licence for Francois Chollet's code): the code cells 41-65, which run after those of tf_classification.py (its model, test images, np, plt, tf).

# %% [cell 41]
probability_model = tf.keras.Sequential([model, 
                                         tf.keras.layers.Softmax()])

# %% [cell 42]
predictions = probability_model.predict(test_images)

# %% [cell 44]
predictions[0]

# %% [cell 46]
np.argmax(predictions[0])

# %% [cell 48]
test_labels[0]

# %% [cell 50]
def plot_image(i, predictions_array, true_label, img):
  true_label, img = true_label[i], img[i]
  plt.grid(False)
  plt.xticks([])
  plt.yticks([])

  plt.imshow(img, cmap=plt.cm.binary)

  predicted_label = np.argmax(predictions_array)
  if predicted_label == true_label:
    color = 'blue'
  else:
    color = 'red'

  plt.xlabel("{} {:2.0f}% ({})".format(class_names[predicted_label],
                                100*np.max(predictions_array),
                                class_names[true_label]),
                                color=color)

def plot_value_array(i, predictions_array, true_label):
  true_label = true_label[i]
  plt.grid(False)
  plt.xticks(range(10))
  plt.yticks([])
  thisplot = plt.bar(range(10), predictions_array, color="#777777")
  plt.ylim([0, 1])
  predicted_label = np.argmax(predictions_array)

  thisplot[predicted_label].set_color('red')
  thisplot[true_label].set_color('blue')

# %% [cell 53]
i = 0
plt.figure(figsize=(6,3))
plt.subplot(1,2,1)
plot_image(i, predictions[i], test_labels, test_images)
plt.subplot(1,2,2)
plot_value_array(i, predictions[i],  test_labels)
plt.show()

# %% [cell 54]
i = 12
plt.figure(figsize=(6,3))
plt.subplot(1,2,1)
plot_image(i, predictions[i], test_labels, test_images)
plt.subplot(1,2,2)
plot_value_array(i, predictions[i],  test_labels)
plt.show()

# %% [cell 56]
# Plot the first X test images, their predicted labels, and the true labels.
# Color correct predictions in blue and incorrect predictions in red.
num_rows = 5
num_cols = 3
num_images = num_rows*num_cols
plt.figure(figsize=(2*2*num_cols, 2*num_rows))
for i in range(num_images):
  plt.subplot(num_rows, 2*num_cols, 2*i+1)
  plot_image(i, predictions[i], test_labels, test_images)
  plt.subplot(num_rows, 2*num_cols, 2*i+2)
  plot_value_array(i, predictions[i], test_labels)
plt.tight_layout()
plt.show()

# %% [cell 58]
# Grab an image from the test dataset.
img = test_images[1]

print(img.shape)

# %% [cell 60]
# Add the image to a batch where it's the only member.
img = (np.expand_dims(img,0))

print(img.shape)

# %% [cell 62]
predictions_single = probability_model.predict(img)

print(predictions_single)

# %% [cell 63]
plot_value_array(1, predictions_single[0], test_labels)
_ = plt.xticks(range(10), class_names, rotation=45)
plt.show()

# %% [cell 65]
np.argmax(predictions_single[0])
